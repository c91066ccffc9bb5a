"""Addresses, phones, email domains and companies of demo customers, per language.

A city comes with its postal code; "#" in a postal code or phone pattern is filled with a
digit. Email domains are reserved example domains (RFC 2606 / RFC 6761): the shop sends
real email, and a demo customer must never have a mailbox someone reads.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Places:
    country: str
    cities: list[tuple[str, str]]  # (city, postal code pattern); big cities appear twice
    streets: list[str]
    street_format: str  # "{street}" and "{number}"
    house_suffixes: list[str]  # after the house number; "" (none) is the most common
    phones: list[str]
    email_domains: list[str]
    companies: list[str]  # "{surname}" and "{word}"
    company_words: list[str]
    vat_prefix: str
    vat_digits: int


# One short word per entry reads better in rows than one per line.
# fmt: off
PLACES = {
    "pl": Places(
        country="PL",
        cities=[
            ("Kraków", "30-###"), ("Kraków", "31-###"), ("Warszawa", "00-###"),
            ("Warszawa", "02-###"), ("Łódź", "90-###"), ("Łódź", "93-###"),
            ("Gdańsk", "80-###"), ("Wrocław", "50-###"), ("Wrocław", "53-###"),
            ("Poznań", "60-###"), ("Białystok", "15-###"), ("Bielsko-Biała", "43-###"),
            ("Szczecin", "70-###"), ("Toruń", "87-###"), ("Częstochowa", "42-###"),
            ("Rzeszów", "35-###"), ("Zielona Góra", "65-###"), ("Katowice", "40-###"),
            ("Lublin", "20-###"), ("Opole", "45-###"), ("Kielce", "25-###"),
            ("Olsztyn", "10-###"), ("Gliwice", "44-###"), ("Sopot", "81-###"),
            ("Zakopane", "34-###"), ("Świnoujście", "72-###"), ("Łomża", "18-###"),
            ("Gorzów Wielkopolski", "66-###"),
        ],
        streets=[
            "ul. Floriańska", "ul. Długa", "ul. Mickiewicza", "ul. Piłsudskiego",
            "al. Jana Pawła II", "ul. Kościuszki", "ul. Słowackiego", "ul. Żeromskiego",
            "ul. Świętokrzyska", "ul. Łąkowa", "ul. Źródlana", "ul. Ogrodowa", "ul. Polna",
            "ul. Leśna", "ul. Szkolna", "ul. Kwiatowa", "ul. Sienkiewicza", "ul. Wąska",
            "ul. Grunwaldzka", "ul. Piotrkowska", "ul. Świętojańska", "ul. Wrocławska",
            "ul. Ślężna", "os. Złotego Wieku", "pl. Wolności", "ul. Różana",
        ],
        street_format="{street} {number}",
        house_suffixes=["", "", "", "", "/1", "/4", "/7", "/12", "/15", "A"],
        phones=["+48 5## ### ###", "+48 6## ### ###", "+48 7## ### ###", "+48 12 ### ## ##"],
        email_domains=["example.com", "example.net", "example.org", "poczta.example"],
        companies=[
            "{surname} Sp. z o.o.", "{surname} i Synowie s.c.", "Hurtownia {word}",
            "P.H.U. {word}", "Zakład Stolarski {surname}", "{word} Sp. j.",
            "Przedsiębiorstwo Handlowe {word}",
        ],
        company_words=[
            "Bałtyk", "Wisła", "Tatry", "Mazowsze", "Pomorze", "Śląsk", "Żuraw", "Sokół",
            "Dąb", "Jantar", "Złoty Kłos", "Pszczółka",
        ],
        vat_prefix="PL",
        vat_digits=10,
    ),
    "fr": Places(
        country="FR",
        cities=[
            ("Lyon", "69001"), ("Lyon", "69003"), ("Lyon", "69007"), ("Paris", "75011"),
            ("Paris", "75015"), ("Saint-Étienne", "42000"), ("Besançon", "25000"),
            ("Orléans", "45000"), ("Nîmes", "30000"), ("Marseille", "13006"),
            ("Grenoble", "38000"), ("Villeurbanne", "69100"), ("Montréal-la-Cluse", "01460"),
            ("Bourg-en-Bresse", "01000"), ("Chambéry", "73000"), ("Annecy", "74000"),
            ("Valence", "26000"), ("Évian-les-Bains", "74500"), ("Béziers", "34500"),
            ("Angoulême", "16000"), ("Sète", "34200"), ("Pézenas", "34120"),
        ],
        streets=[
            "rue de la République", "avenue Jean-Jaurès", "rue Victor-Hugo",
            "boulevard Saint-Michel", "rue des Écoles", "place Bellecour",
            "rue de la Préfecture", "quai Saint-Antoine", "rue du Général-Leclerc",
            "chemin des Pêcheurs", "allée des Châtaigniers", "rue Émile-Zola",
            "rue de l'Église", "impasse des Mûriers", "cours Lafayette", "rue Mercière",
            "montée de la Grande-Côte", "rue Sœur-Bouvier",
        ],
        street_format="{number} {street}",
        house_suffixes=["", "", "", "", "", " bis", " ter"],
        phones=["+33 6 ## ## ## ##", "+33 7 ## ## ## ##", "+33 4 ## ## ## ##"],
        email_domains=["example.com", "example.net", "example.org", "courriel.example"],
        companies=[
            "{surname} et Fils", "Établissements {surname}", "{surname} SARL", "{word} SAS",
            "Atelier {word}", "Maison {surname}", "Société {word}",
        ],
        company_words=[
            "Lumière", "Bel Air", "Côte d'Azur", "Léman", "Mont-Blanc", "Provençale",
            "Étoile", "Rhône", "Saône", "Beaujolais", "Château", "Forêt",
        ],
        vat_prefix="FR",
        vat_digits=11,
    ),
    "it": Places(
        country="IT",
        cities=[
            ("Milano", "20121"), ("Milano", "20135"), ("Milano", "20154"), ("Torino", "10121"),
            ("Torino", "10138"), ("Napoli", "80121"), ("Napoli", "80133"), ("Forlì", "47121"),
            ("Cantù", "22063"), ("Roma", "00184"), ("Bologna", "40126"), ("Firenze", "50122"),
            ("Genova", "16121"), ("Bergamo", "24121"), ("Como", "22100"), ("Monza", "20900"),
            ("Brescia", "25121"), ("Verona", "37121"), ("Padova", "35122"),
            ("Sant'Agata de' Goti", "82019"), ("Cefalù", "90015"), ("Mondovì", "12084"),
        ],
        streets=[
            "Via Roma", "Corso Vittorio Emanuele II", "Via Garibaldi", "Piazza del Duomo",
            "Via Dante Alighieri", "Viale Giuseppe Mazzini", "Via Cavour",
            "Via San Francesco d'Assisi", "Via Niccolò Machiavelli", "Via Umberto I",
            "Corso Buenos Aires", "Via Nazionale", "Via della Libertà", "Via dei Mille",
            "Via Nicolò Tommaseo", "Piazza Città di Lombardia", "Via Caffè Pedrocchi",
        ],
        street_format="{street}, {number}",
        house_suffixes=["", "", "", "", "", "/A", "/B"],
        phones=["+39 3## ### ####", "+39 02 #### ####", "+39 011 ### ####"],
        email_domains=["example.com", "example.net", "example.org", "posta.example"],
        companies=[
            "{surname} S.r.l.", "Fratelli {surname} S.n.c.", "{word} S.p.A.", "Bottega {word}",
            "Ditta {surname}", "{surname} & Figli", "Cooperativa {word}",
        ],
        company_words=[
            "Lario", "Brianza", "Vesuvio", "Adriatica", "Dolomiti", "Città Alta", "Perla",
            "Aurora", "Lombarda", "Sole", "Colle Verde", "Libertà",
        ],
        vat_prefix="IT",
        vat_digits=11,
    ),
}
# fmt: on
