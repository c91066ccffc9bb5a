"""Word lists for demo customers: first names and surnames per language (pl, fr, it).

Polish surnames ending in -ski, -cki or -dzki take a feminine form (Kowalski, Kowalska);
the other surnames, and every French and Italian one, are the same for women and men.
Emails are made from ASCII-folded names (`fold`), so "Łukasz Wiśniewski" writes as
"lukasz.wisniewski".
"""

import unicodedata


def _words(text: str) -> list[str]:
    """Comma-separated words, one list per block (names may contain spaces: "De Luca")."""
    return [word.strip() for word in text.split(",") if word.strip()]


FIRST_NAMES_FEMALE = {
    "pl": _words(
        """
        Anna, Maria, Katarzyna, Małgorzata, Agnieszka, Barbara, Ewa, Krystyna, Elżbieta,
        Zofia, Joanna, Magdalena, Monika, Dorota, Aleksandra, Natalia, Beata, Żaneta,
        Jolanta, Urszula, Grażyna, Bożena, Halina, Iwona, Justyna, Kinga, Łucja, Weronika,
        Julia, Zuzanna, Jadwiga, Świętosława
        """
    ),
    "fr": _words(
        """
        Marie, Camille, Léa, Chloé, Manon, Inès, Émilie, Sophie, Julie, Céline, Hélène,
        Nathalie, Isabelle, Anaïs, Zoé, Élise, Mathilde, Amélie, Noémie, Clémence, Aurélie,
        Margaux, Océane, Françoise, Geneviève, Agnès, Béatrice, Maëlle, Louise, Jeanne
        """
    ),
    "it": _words(
        """
        Giulia, Francesca, Chiara, Sara, Martina, Valentina, Alessia, Federica, Elisa,
        Silvia, Paola, Laura, Roberta, Simona, Maria, Anna, Lucia, Beatrice, Ilaria, Noemi,
        Aurora, Greta, Ludovica, Benedetta, Caterina, Elena, Gaia, Sofia, Giorgia, Rosalia
        """
    ),
}

FIRST_NAMES_MALE = {
    "pl": _words(
        """
        Piotr, Krzysztof, Andrzej, Tomasz, Paweł, Jan, Michał, Marcin, Stanisław, Jakub,
        Łukasz, Grzegorz, Józef, Mateusz, Wojciech, Mariusz, Dariusz, Zbigniew, Jerzy,
        Maciej, Rafał, Bartłomiej, Sławomir, Przemysław, Kazimierz, Jarosław, Szymon,
        Wiesław, Radosław, Bogdan
        """
    ),
    "fr": _words(
        """
        Jean, Pierre, Louis, Lucas, Hugo, Théo, Nicolas, Julien, Antoine, François,
        Mathieu, Sébastien, Jérôme, Stéphane, Frédéric, Benoît, Clément, Raphaël, Gaël,
        Noël, Hervé, Rémi, Loïc, Thibault, Maxime, Étienne, Adrien, Éric, Cédric, Grégoire
        """
    ),
    "it": _words(
        """
        Marco, Luca, Giuseppe, Giovanni, Francesco, Andrea, Alessandro, Matteo, Lorenzo,
        Davide, Stefano, Paolo, Roberto, Simone, Federico, Riccardo, Nicolò, Mattia,
        Tommaso, Gabriele, Emanuele, Salvatore, Antonio, Pietro, Vincenzo, Fabrizio,
        Niccolò, Raffaele, Domenico, Michele
        """
    ),
}

# Masculine forms; `surnames(language, female=True)` derives the Polish feminine ones.
SURNAMES = {
    "pl": _words(
        """
        Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński,
        Szymański, Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, Kwiatkowski, Krawczyk,
        Piotrowski, Grabowski, Nowakowski, Pawłowski, Michalski, Nowicki, Adamczyk, Dudek,
        Zając, Wieczorek, Jabłoński, Król, Majewski, Olszewski, Jaworski, Wróbel,
        Malinowski, Pawlak, Witkowski, Walczak, Stępień, Górski, Rutkowski, Michalak,
        Sikora, Ostrowski, Baran, Duda, Szewczyk, Tomaszewski, Pietrzak, Marciniak,
        Wróblewski, Zalewski, Jakubowski, Jasiński, Zawadzki, Sadowski, Bąk, Chmielewski,
        Włodarczyk, Borkowski, Czarnecki, Sawicki, Sokołowski, Urbański, Kubiak,
        Maciejewski, Szczepański, Kucharski, Wilk, Kalinowski, Lis, Mazurek, Wysocki,
        Kaźmierczak, Wasilewski, Sobczak, Czerwiński, Cieślak, Głowacki, Kołodziej,
        Sikorski, Krajewski, Gajewski, Szulc, Brzeziński, Ziółkowski, Przybylski, Łuczak,
        Żak, Śliwiński, Żurek, Gołębiowski
        """
    ),
    "fr": _words(
        """
        Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau,
        Simon, Laurent, Lefèbvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier,
        Morel, Girard, André, Lefèvre, Mercier, Dupont, Lambert, Bonnet, François, Legrand,
        Garnier, Faure, Rousseau, Blanc, Guérin, Muller, Henry, Roussel, Perrin, Morin,
        Clément, Gauthier, Dumont, Fontaine, Chevalier, Robin, Masson, Boyer, Denis,
        Lemaire, Duval, Joly, Gérard, Brunet, Rivière, Barbier, Arnaud, Giraud, Caron,
        Renaud, Dupuis, Aubert, Hubert, Renard, Lemoine, Noël, Meunier, Brun, Benoît,
        Châtelain, Lacroix, Fabre, Lebrun, Leclerc, Vidal, Bouvier, Hébert, Gaillard,
        Pelletier, Ménard, Bérenger, Daumier
        """
    ),
    "it": _words(
        """
        Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco,
        Bruno, Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti,
        Barbieri, Fontana, Santoro, Mariani, Rinaldi, Caruso, Ferrara, Galli, Martini,
        Leone, Longo, Gentile, Martinelli, Vitale, Lombardo, Serra, Coppola, De Santis,
        D'Angelo, Marchetti, Parisi, Villa, Conte, Ferraro, Ferri, Fabbri, Bianco, Marini,
        Grasso, Valentini, Messina, Sala, De Rosa, Gatti, Pellegrini, Palumbo, Sanna,
        Farina, Rizzi, Monti, Cattaneo, Morelli, Amato, Silvestri, Mazza, Testa, Grassi,
        Carbone, Giuliani, Benedetti, Barone, Caputo, Montanari, Guerra, Palmieri,
        Bernardi, Fiore, De Angelis, Ferretti, Bellini, Basile, Riva, Donati, Piras,
        Sartori, Neri, Milani, Pagano, D'Amico, Pirrò, Nicolò, Mastrolà
        """
    ),
}

# Staff of the demo shops, so that the people at the top of a page look like the rest.
STAFF_NAMES = {
    "pl": ("Katarzyna", "Wiśniewska"),
    "fr": ("Hélène", "Lefèvre"),
    "it": ("Giulia", "Esposito"),
}


def surnames(language: str, *, female: bool) -> list[str]:
    names = SURNAMES[language]
    if language != "pl" or not female:
        return list(names)
    return [feminine_polish_surname(name) for name in names]


def feminine_polish_surname(name: str) -> str:
    for ending in ("ski", "cki", "dzki"):
        if name.endswith(ending):
            return name[:-1] + "a"
    return name


# Letters that Unicode decomposition does not strip: "ł" has no combining accent.
_EXTRA_FOLDS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss"})


def fold(text: str) -> str:
    """An email-safe ASCII form: "Wiśniewska" -> "wisniewska", "D'Angelo" -> "dangelo"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return "".join(ch for ch in ascii_text if ch.isalnum())
