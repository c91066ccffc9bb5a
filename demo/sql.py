"""The SQL that generates demo data, as text: building blocks and whole statements.

Every value is drawn from `hashint8extended(key, seed)`, so it depends only on the seed and
the key (customer number, order number, line number), never on what the database holds.
A 64-bit draw is cut into fields (`bits`): one draw gives a customer's sex, first name,
surname and email style, another the dates, and so on (see CUSTOMER_PLAN).

Statements use %(name)s parameters; arrays (word lists, prices) are passed as parameters
and indexed in SQL, so one statement makes a whole chunk of customers or orders.
"""

from dataclasses import dataclass

# Independent random streams: the key of a draw is (stream << 40) + number. A customer has
# six draws of 64 bits, split into fields (see CUSTOMER_PLAN), an order one, a line one.
STREAMS = {
    "person": 1,
    "account": 2,
    "address": 3,
    "contact": 4,
    "company": 5,
    "extra": 6,
    "order": 7,
    "line": 8,
    "group": 9,
}


def _draw(stream: str, key: str) -> str:
    """A deterministic pseudo-random 64-bit integer for this seed, stream and key."""
    return f"hashint8extended(({STREAMS[stream]}::bigint << 40) + ({key}), %(seed)s)"


def _bits(h: str, offset: int, width: int) -> str:
    """`width` bits of the draw `h` from `offset`: a non-negative integer below 2**width."""
    return f"(({h} >> {offset}) & {(1 << width) - 1})"


def _chance(h: str, offset: int, per_mille: int) -> str:
    return f"({_bits(h, offset, 10)} < {round(per_mille * 1.024)})"


def _fraction(h: str, offset: int) -> str:
    """A number in [0, 1) from 20 bits of the draw."""
    return f"({_bits(h, offset, 20)}::float8 / 1048576)"


def _pick(array: str, h: str, offset: int, width: int = 16, sql_type: str = "text") -> str:
    """One element of the array parameter `array`, chosen by `width` bits of the draw."""
    index = f"1 + mod({_bits(h, offset, width)}, %({array}_len)s)"
    return f"(%({array})s::{sql_type}[])[{index}]"


def _digit_pattern(pattern: str, digits: str) -> str:
    """SQL for a pattern such as "+48 6## ### ###", its #s filled from the digit string."""
    parts, used = [], 0
    for run in _runs(pattern):
        if run.startswith("#"):
            parts.append(f"substr({digits}, {used + 1}, {len(run)})")
            used += len(run)
        else:
            parts.append("'" + run.replace("'", "''") + "'")
    return " || ".join(parts)


def _runs(pattern: str) -> list[str]:
    """ "+48 6## ###" -> ["+48 6", "##", " ", "###"]: digits to fill and text to keep."""
    found: list[str] = []
    for char in pattern:
        if found and (char == "#") == found[-1].startswith("#"):
            found[-1] += char
        else:
            found.append(char)
    return found


def _orders_count(k: int) -> str:
    """Orders of customer `i`: on average k. A guest exists because of an order, so has >= 1."""
    if k == 0:
        return "0"
    counts = _bits("f", 36, 16)
    return (
        f"CASE WHEN {_chance('a', 0, 150)} THEN 1 + mod({counts}, {2 * k - 1}) "
        f"ELSE mod({counts}, {2 * k + 1}) END"
    )


def _lines(order_no: str, order_draw: str) -> str:
    """The lines of one order, in integer cents, as a subquery of (order number, its draw).

    Used twice, for the order's totals and for its lines, so that both agree to the cent.
    Net = quantity x price less a 10% discount on some lines; tax is rounded per line.
    """
    h = "line_draw.h"
    quantity = (
        f"CASE WHEN {_chance(h, 16, 700)} THEN 1 WHEN {_chance(h, 16, 900)} THEN 2 "
        f"ELSE 3 + mod({_bits(h, 26, 8)}, 3) END"
    )
    line_key = _draw("line", f"({order_no}) * 4 + line_no")
    line_count = (
        f"CASE WHEN {_chance(order_draw, 30, 600)} THEN 1 "
        f"WHEN {_chance(order_draw, 30, 880)} THEN 2 ELSE 3 END"
    )
    return f"""
        SELECT line_no, product_no, quantity, list_cents - net_cents AS discount_cents, net_cents,
               (net_cents * vat_bp + 5000) / 10000 AS tax_cents
        FROM (
            SELECT line_no, product_no, quantity, vat_bp, quantity * unit_cents AS list_cents,
                   (quantity * unit_cents * (100 - percent_off) + 50) / 100 AS net_cents
            FROM (
                SELECT line_no, quantity, percent_off, product_no,
                       (%(price_cents)s::bigint[])[product_no] AS unit_cents,
                       (%(vat_bp)s::bigint[])[product_no] AS vat_bp
                FROM (
                    SELECT line_no, {quantity} AS quantity,
                           CASE WHEN {_chance(h, 36, 150)} THEN 10 ELSE 0 END AS percent_off,
                           1 + mod({_bits(h, 0, 16)}, %(price_cents_len)s) AS product_no
                    FROM generate_series(1, {line_count}) AS line_no,
                         LATERAL (SELECT {line_key}) AS line_draw(h)
                ) AS drawn
            ) AS priced
        ) AS amounts
    """


# --- The plan of a chunk of customers --------------------------------------------------------

# Fields of the six draws: a = person, b = account, c = address, d = contact, e = company,
# f = extra. Ids come from the tables' own sequences, so the real inserts below can copy them.
CUSTOMER_PLAN = """
CREATE TEMP TABLE demo_customer AS
WITH drawn AS (
    SELECT i, {draw_a} AS a, {draw_b} AS b, {draw_c} AS c, {draw_d} AS d, {draw_e} AS e,
           {draw_f} AS f
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS i
), person AS (
    SELECT i, a, b, c, d, e, f, {guest} AS guest, {company} AS company,
           ({orders})::integer AS orders,
           CASE WHEN {female} THEN {first_f} ELSE {first_m} END AS first_name,
           CASE WHEN {female} THEN {first_f_ascii} ELSE {first_m_ascii} END AS first_ascii,
           CASE WHEN {female} THEN {last_f} ELSE {last_m} END AS last_name,
           CASE WHEN {female} THEN {last_f_ascii} ELSE {last_m_ascii} END AS last_ascii,
           {last_m} AS family_name,
           -- More customers registered recently than five years ago: the shop grew.
           %(now)s::timestamptz
               - interval '1 second' * floor(%(history_seconds)s * (1 - sqrt({age})))
               AS registered_at
    FROM drawn
)
SELECT i, nextval(%(customer_seq)s::regclass) AS id,
       CASE WHEN NOT guest THEN nextval(%(user_seq)s::regclass) END AS user_id,
       guest, company, orders,
       %(first_order_no)s::bigint + (sum(orders) OVER (ORDER BY i))::bigint - orders
           AS first_order_no,
       first_name, last_name,
       CASE WHEN company
            THEN replace(replace({company_pattern}, '{{surname}}', family_name),
                         '{{word}}', {company_word})
            ELSE '' END AS company_name,
       -- The customer number keeps every address unique; names never end in a digit.
       CASE {email_style}
           WHEN 0 THEN first_ascii || '.' || last_ascii
           WHEN 1 THEN first_ascii || left(last_ascii, 1)
           WHEN 2 THEN left(first_ascii, 1) || last_ascii
           ELSE last_ascii || '.' || first_ascii
       END || i || '@' || {domain} AS email,
       CASE WHEN company OR {has_phone} THEN {phone} ELSE '' END AS phone,
       CASE WHEN company
            THEN %(vat_prefix)s || lpad(mod({vat_bits}, %(vat_modulus)s)::text,
                                        %(vat_digits)s, '0')
            ELSE '' END AS vat_number,
       replace(replace(%(street_format)s, '{{street}}', {street}),
               '{{number}}', (1 + mod({house}, 140))::text || {house_suffix}) AS street,
       replace({postal}, '###', lpad(mod({postal_digits}, 1000)::text, 3, '0')) AS postal_code,
       {city} AS city,
       {newsletter} AS newsletter,
       CASE WHEN NOT guest THEN registered_at END AS terms_accepted_at,
       CASE WHEN {blocked} THEN 'blocked' ELSE 'active' END AS status,
       registered_at,
       -- Guests never log in; others last came by between registration and now, mostly lately.
       CASE WHEN NOT guest
            THEN registered_at + (%(now)s::timestamptz - registered_at) * sqrt({recency})
            END AS last_visit_at,
       CASE WHEN CASE WHEN company THEN {managed_company} ELSE {managed_person} END
            THEN {manager} END AS account_manager_id,
       NOT guest AND {consent} AS assisted_login_consent
FROM person
"""


def _customer_plan_sql(orders_per_customer: int, phones: list[str], has_managers: bool) -> str:
    digits = f"lpad(mod({_bits('d', 0, 40)}, 1000000000000)::text, 12, '0')"
    phone_choices = " ".join(
        f"WHEN {n} THEN {_digit_pattern(pattern, digits)}" for n, pattern in enumerate(phones)
    )
    city_no = f"1 + mod({_bits('c', 0, 16)}, %(cities_len)s)"
    return CUSTOMER_PLAN.format(
        **{
            f"draw_{name}": _draw(stream, "i")
            for name, stream in zip(
                "abcdef",
                ("person", "account", "address", "contact", "company", "extra"),
                strict=True,
            )
        },
        guest=_chance("a", 0, 150),
        company=_chance("a", 10, 200),
        female=f"{_bits('a', 20, 1)} = 1",
        first_f=_pick("first_f", "a", 21),
        first_m=_pick("first_m", "a", 21),
        first_f_ascii=_pick("first_f_ascii", "a", 21),
        first_m_ascii=_pick("first_m_ascii", "a", 21),
        last_f=_pick("last_f", "a", 37),
        last_m=_pick("last_m", "a", 37),
        last_f_ascii=_pick("last_f_ascii", "a", 37),
        last_m_ascii=_pick("last_m_ascii", "a", 37),
        email_style=_bits("a", 53, 2),
        domain=_pick("domains", "a", 55, width=8),
        age=_fraction("b", 0),
        recency=_fraction("b", 20),
        newsletter=_chance("b", 40, 400),
        blocked=_chance("b", 50, 20),
        city=f"(%(cities)s::text[])[{city_no}]",
        postal=f"(%(postal_codes)s::text[])[{city_no}]",
        street=_pick("streets", "c", 16),
        house=_bits("c", 32, 10),
        house_suffix=_pick("house_suffixes", "c", 42, width=8),
        postal_digits=_bits("c", 50, 10),
        has_phone=_chance("d", 40, 700),
        phone=f"CASE mod({_bits('d', 50, 8)}, {len(phones)}) {phone_choices} END",
        vat_bits=_bits("e", 0, 40),
        company_pattern=_pick("companies", "e", 40, width=8),
        company_word=_pick("company_words", "e", 48, width=8),
        consent=_chance("f", 0, 300),
        managed_company=_chance("f", 10, 500),
        managed_person=_chance("f", 10, 20),
        manager=_pick("managers", "f", 20, sql_type="bigint") if has_managers else "NULL::bigint",
        orders=_orders_count(orders_per_customer),
    )


# --- From the plan to the real tables --------------------------------------------------------

INSERT_USERS = """
INSERT INTO shopadmin_user
    (id, shop_id, email, password, first_name, last_name, is_active, date_joined, last_login)
SELECT user_id, %(shop)s, email, %(password)s, first_name, last_name, true, registered_at,
       last_visit_at
FROM demo_customer WHERE user_id IS NOT NULL
"""

INSERT_CUSTOMERS = """
INSERT INTO customers_customer
    (id, shop_id, user_id, account_type, first_name, last_name, company_name, email, phone,
     vat_number, street, postal_code, city, country, newsletter, terms_accepted_at,
     registered_at, last_visit_at, account_manager_id, assisted_login_consent)
SELECT id, %(shop)s, user_id, CASE WHEN guest THEN 'guest' ELSE 'login' END, first_name,
       last_name, company_name, email, phone, vat_number, street, postal_code, city,
       %(country)s, newsletter, terms_accepted_at, registered_at, last_visit_at,
       account_manager_id, assisted_login_consent
FROM demo_customer
"""

# Orders fall between registration and the last visit (guests: and now); recent ones are
# still on their way. Totals are summed from the very lines inserted below.
ORDER_PLAN = """
CREATE TEMP TABLE demo_order AS
SELECT nextval(%(order_seq)s::regclass) AS id, o.order_no, o.h, c.id AS customer_id,
       CASE WHEN %(orders_go_to_manager)s THEN c.account_manager_id END AS account_manager_id,
       o.placed_at,
       CASE WHEN o.placed_at > %(now)s::timestamptz - interval '2 days'
                THEN CASE WHEN {paid} THEN 'paid' ELSE 'new' END
            WHEN o.placed_at > %(now)s::timestamptz - interval '8 days' THEN 'shipped'
            ELSE 'completed' END AS status,
       t.net_cents, t.tax_cents, t.discount_cents
FROM demo_customer AS c
CROSS JOIN LATERAL (
    SELECT order_no, h,
           c.registered_at + (coalesce(c.last_visit_at, %(now)s::timestamptz) - c.registered_at)
                             * {when} AS placed_at
    FROM generate_series(c.first_order_no, c.first_order_no + c.orders - 1) AS order_no,
         LATERAL (SELECT {draw}) AS order_draw(h)
) AS o
CROSS JOIN LATERAL (
    SELECT sum(net_cents) AS net_cents, sum(tax_cents) AS tax_cents,
           sum(discount_cents) AS discount_cents
    FROM ({lines}) AS line
) AS t
"""

INSERT_ORDERS = """
INSERT INTO orders_order
    (id, shop_id, number, customer_id, placed_at, status, currency, net, tax, gross,
     discount_total, account_manager_id)
SELECT id, %(shop)s, %(prefix)s || lpad(order_no::text, greatest(9, length(order_no::text)), '0'),
       customer_id, placed_at, status,
       %(currency)s, net_cents * 0.01, tax_cents * 0.01, (net_cents + tax_cents) * 0.01,
       discount_cents * 0.01, account_manager_id
FROM demo_order
"""

INSERT_LINES = """
INSERT INTO orders_orderline
    (shop_id, order_id, product_id, sku, name, quantity, unit_price_net, vat_rate, discount,
     line_net, line_tax, line_gross)
SELECT %(shop)s, o.id, p.id, p.sku, p.name, line.quantity, p.list_price_net, p.vat_rate,
       line.discount_cents * 0.01, line.net_cents * 0.01, line.tax_cents * 0.01,
       (line.net_cents + line.tax_cents) * 0.01
FROM demo_order AS o
CROSS JOIN LATERAL ({lines}) AS line
JOIN demo_product AS p ON p.product_no = line.product_no
"""

# Figures per customer from the orders just written, and the points they earned (completed
# orders only) as one ledger entry, so that the balance is exactly the ledger's sum; the
# balance and the account's status go on the standing row.
INSERT_STATS_AND_POINTS = """
WITH totals AS MATERIALIZED (
    SELECT c.id AS customer_id, c.status, count(o.id) AS orders_count,
           coalesce(sum(o.net_cents + o.tax_cents), 0) AS gross_cents,
           coalesce(sum(o.net_cents), 0) AS net_cents,
           max(o.placed_at) AS last_order_at,
           max(o.placed_at) FILTER (WHERE o.status = 'completed') AS last_completed_at,
           floor(coalesce(sum(o.net_cents + o.tax_cents) FILTER (WHERE o.status = 'completed'),
                          0) * %(points_per_unit)s / 100)::integer AS points
    FROM demo_customer AS c LEFT JOIN demo_order AS o ON o.customer_id = c.id
    GROUP BY c.id, c.status
), ledger AS (
    INSERT INTO loyalty_pointsentry (shop_id, customer_id, delta, reason, created_at)
    SELECT %(shop)s, customer_id, points, %(points_reason)s, last_completed_at
    FROM totals WHERE points > 0
    RETURNING 1
), stats AS (
    INSERT INTO customers_customerstats
        (shop_id, customer_id, orders_count, orders_value_gross, orders_value_net,
         last_order_at)
    SELECT %(shop)s, customer_id, orders_count, gross_cents * 0.01, net_cents * 0.01,
           last_order_at
    FROM totals
    RETURNING 1
), standing AS (
    INSERT INTO customers_customerstanding (shop_id, customer_id, status, points_balance)
    SELECT %(shop)s, customer_id, status, points FROM totals
)
SELECT (SELECT count(*) FROM stats), (SELECT count(*) FROM ledger)
"""

# Guests cannot be members (a trigger refuses them). Groups customers choose themselves were
# joined at registration; staff added the others later, in bulk.
INSERT_MEMBERSHIPS = """
INSERT INTO groups_groupmembership (shop_id, customer_id, group_id, added_at, source)
SELECT %(shop)s, c.id, g.group_id,
       CASE WHEN g.source = 'registration' THEN c.registered_at
            ELSE c.registered_at + (%(now)s::timestamptz - c.registered_at) * {when} END,
       g.source
FROM demo_customer AS c
CROSS JOIN unnest(%(group_ids)s::bigint[], %(group_per_mille)s::integer[],
                  %(group_companies_only)s::boolean[], %(group_sources)s::text[])
           WITH ORDINALITY AS g(group_id, per_mille, companies_only, source, group_no)
CROSS JOIN LATERAL (SELECT {draw}) AS group_draw(h)
WHERE NOT c.guest AND (c.company OR NOT g.companies_only)
  AND {member}
"""


@dataclass(frozen=True)
class Statements:
    customer_plan: str
    order_plan: str
    insert_lines: str
    insert_memberships: str


def statements(orders_per_customer: int, phones: list[str], has_managers: bool) -> Statements:
    order_lines = _lines("o.order_no", "o.h")  # `o` is the order, in both statements
    return Statements(
        customer_plan=_customer_plan_sql(orders_per_customer, phones, has_managers),
        order_plan=ORDER_PLAN.format(
            draw=_draw("order", "order_no"),
            when=_fraction("h", 0),
            paid=_chance("h", 20, 600),
            lines=order_lines,
        ),
        insert_lines=INSERT_LINES.format(lines=order_lines),
        insert_memberships=INSERT_MEMBERSHIPS.format(
            draw=_draw("group", "c.i * 8 + g.group_no"),
            when=_fraction("group_draw.h", 10),
            member=f"{_bits('group_draw.h', 0, 10)} * 1000 < g.per_mille * 1024",
        ),
    )


def orders_per_chunk_sql(orders_per_customer: int) -> str:
    """First and last customer number and order count of each chunk of customers."""
    return f"""
        SELECT min(i), max(i), sum({_orders_count(orders_per_customer)})
        FROM (SELECT i, {_draw("person", "i")} AS a, {_draw("extra", "i")} AS f
              FROM generate_series(1, %(customers)s::bigint) AS i) AS drawn
        GROUP BY (i - 1) / %(chunk_size)s ORDER BY 1
    """
