// Python generators of source.sample's datasets, value for value those of engine/io/sample/*.ts:
// every value is a pure function of (seed, column salt, row index), so Spark builds the rows in
// parallel from spark.range-like row numbers and gets exactly Tributary's data. JavaScript's
// Math.round (halves up) is js_round; timestamps and dates travel as numbers and are converted in
// Spark (no Python datetime, whose time zone would be the worker's).

export const SAMPLE_COMMON = String.raw`def row_hasher(seed, salt):
    """hashRow(seed, salt, row) of engine/io/sample/hash.ts, for rows below 2^32."""
    k = fmix((seed & MASK) ^ (((salt + 1) * 0x9E3779B9) & MASK))
    top = fmix(k)  # the row's high word is 0: its part of the hash is a constant
    return lambda row: fmix(((row ^ top) + k) & MASK)


def uniform_of(seed, salt):
    h = row_hasher(seed, salt)
    return lambda row: h(row) / 4294967296


def js_round(x):
    return math.floor(x + 0.5)


def sample_rows(spark, rows, make_row, schema):
    """rows generated in parallel by make_row(row_index)."""
    slices = max(1, min(spark.sparkContext.defaultParallelism, rows // 10000 + 1))
    return spark.createDataFrame(spark.sparkContext.range(0, rows, numSlices=slices).map(make_row), schema)`;

export const SAMPLE_EVENTS = String.raw`CATEGORIES = ["books", "electronics", "toys", "garden", "grocery", "fashion",
              "sports", "beauty", "home", "music", "automotive", "health"]


def sample_events(spark, rows=100000, seed=42, users=1000):
    """source.sample 'events': purchases with a Zipf-skewed user_id (user 1 is the heaviest), ~5% null amount."""
    u_user, u_ts, u_category, u_amount = (uniform_of(seed, s) for s in (1, 2, 3, 4))
    h_null, h_qty = row_hasher(seed, 5), row_hasher(seed, 6)
    users = max(1, users)
    a = 1 - 1.1
    z = (math.pow(users + 1, a) - 1) / a
    base_us, year_s = 1704067200 * 1000000, 366 * 24 * 3600

    def make_row(row):
        k = math.floor(math.pow(1 + a * u_user(row) * z, 1 / a))
        c = u_category(row)
        u = u_amount(row)
        amount = None if h_null(row) % 20 == 0 else js_round((1 + 499 * u * u * u) * 100) / 100
        return (row + 1, min(max(k, 1), users), base_us + math.floor(u_ts(row) * year_s) * 1000000,
                CATEGORIES[math.floor(c * c * len(CATEGORIES))], amount, 1 + h_qty(row) % 10)
    df = sample_rows(spark, rows, make_row,
                     "event_id bigint, user_id int, ts bigint, category string, amount double, qty int")
    return df.withColumn("ts", F.timestamp_micros("ts"))`;

export const SAMPLE_USERS = String.raw`FIRST_NAMES = ["Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "John",
               "Radia", "Tim", "Hedy", "Edsger", "Katherine", "Donald", "Sophie", "Niklaus", "Karen", "Guido",
               "Zoë", "José", "Björn", "Ingrid", "Łukasz", "Mei", "Hiroshi", "Aiyana", "Chloé", "Dmitri"]
LAST_NAMES = ["Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen",
              "McCarthy", "Perlman", "Berners-Lee", "Lamarr", "Dijkstra", "Johnson", "Knuth", "Wilson", "Wirth",
              "Spärck Jones", "van Rossum", "Müller", "García", "Øster", "Nakamura", "Kowalski", "Smith"]
COUNTRIES = ["US", "DE", "GB", "FR", "IN", "BR", "JP", "CA", "ES", "IT",
             "NL", "SE", "PL", "MX", "AU", "KR", "CH", "NO", "NZ", "ZA"]


def country_cdf():
    weights = [1 / math.pow(i + 1, 0.8) for i in range(len(COUNTRIES))]
    total = 0.0
    for w in weights:  # in order, as JavaScript's reduce (Python's sum() compensates rounding)
        total += w
    acc, cdf = 0.0, []
    for w in weights:
        acc += w
        cdf.append(acc / total)
    cdf[-1] = 1.0
    return cdf


def sample_users(spark, rows=1000, seed=42):
    """source.sample 'users': user_id 1..rows, a name, a skewed country, a signup date, ~4% null age."""
    h_first, h_last, h_age_null, h_age = (row_hasher(seed, s) for s in (11, 12, 16, 15))
    u_country, u_signup = uniform_of(seed, 13), uniform_of(seed, 14)
    cdf = country_cdf()
    base_day = 17532  # 2018-01-01

    def make_row(row):
        u = u_country(row)
        country = next(i for i, c in enumerate(cdf) if c >= u)
        age = None if h_age_null(row) % 25 == 0 else 18 + h_age(row) % 63
        return (row + 1, FIRST_NAMES[h_first(row) % len(FIRST_NAMES)] + " " + LAST_NAMES[h_last(row) % len(LAST_NAMES)],
                COUNTRIES[country], base_day + math.floor(u_signup(row) * 7 * 365), age)
    df = sample_rows(spark, rows, make_row, "user_id int, name string, country string, signup_day int, age int")
    return df.select("user_id", "name", "country", F.date_from_unix_date("signup_day").alias("signup_date"), "age")`;

export const SAMPLE_HOUSES = String.raw`NEIGHBORHOODS = ["Riverside", "Old Town", "Hillcrest", "Lakeview", "Midtown", "Westfield", "Harbor", "Elm Park"]
PREMIUM = [40000, 25000, 60000, 80000, 30000, 0, 55000, 10000]


def sample_houses(spark, rows=1000, seed=42):
    """source.sample 'houses': price = 50000 + 150 sqft + 10000 bedrooms + 15000 bathrooms - 800 age
    + the neighborhood's premium + N(0, 20000) noise."""
    u_sqft, u_noise1, u_noise2 = uniform_of(seed, 21), uniform_of(seed, 26), uniform_of(seed, 1026)
    h_bed, h_bath, h_age, h_hood = (row_hasher(seed, s) for s in (22, 23, 24, 25))

    def make_row(row):
        sqft = js_round(500 + 4000 * u_sqft(row))
        bedrooms = min(6, max(1, js_round(sqft / 800 + (h_bed(row) % 3) - 1)))
        bathrooms = 1 + 0.5 * (h_bath(row) % 7)
        age, hood = h_age(row) % 101, h_hood(row) % len(NEIGHBORHOODS)
        noise = math.sqrt(-2 * math.log(1 - u_noise1(row))) * math.cos(2 * math.pi * u_noise2(row))
        price = (50000 + 150 * sqft + 10000 * bedrooms + 15000 * bathrooms + -800 * age + PREMIUM[hood]
                 + 20000 * noise)
        return (row + 1, float(sqft), bedrooms, bathrooms, age, NEIGHBORHOODS[hood], js_round(price * 100) / 100)
    return sample_rows(spark, rows, make_row, "house_id int, sqft double, bedrooms int, bathrooms double, "
                                              "age int, neighborhood string, price double")`;
