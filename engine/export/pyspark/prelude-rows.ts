// Python helpers for the relational nodes whose Tributary semantics Spark's DataFrame API does not
// give directly: a stable sort, "the first rows in source order" (limit, first(), distinct on some
// columns) and Tributary's join column naming. Source order is the order of
// monotonically_increasing_id() over a frame that has not been shuffled since it was read.

export const ROW_ORDER = String.raw`ROW = "__tributary_row"


def in_source_order(df):
    """df with a column giving its rows' order (file order for a frame not shuffled since read)."""
    return df.withColumn(ROW, F.monotonically_increasing_id())`;

export const SORT_STABLE = String.raw`def sort_stable(df, *keys):
    """orderBy that keeps rows with equal keys in their input order, as Tributary's sort does."""
    return in_source_order(df).orderBy(*keys, ROW).drop(ROW)`;

export const FIRST_ROWS = String.raw`def first_rows(df, n):
    """The first n rows in source order (Spark's limit alone may take any n rows)."""
    return in_source_order(df).orderBy(ROW).limit(n).drop(ROW)`;

export const FIRST_PER_KEY = String.raw`def first_per_key(df, columns):
    """One row per distinct value of columns: the first in source order."""
    from pyspark.sql import Window
    first = Window.partitionBy(*columns).orderBy(ROW)
    return in_source_order(df).withColumn("__n", F.row_number().over(first)).where("__n = 1").drop("__n", ROW)`;

export const FILL_NULLS = String.raw`def fill_nulls(df, values):
    """Replaces nulls by a value of the column's type (dates given as 'YYYY-MM-DD')."""
    types = {f.name: f.dataType for f in df.schema.fields}
    return df.withColumns({name: F.coalesce(F.col(name), F.lit(value).cast(types[name]))
                           for name, value in values.items()})`;

export const JOIN = String.raw`def join_rows(left, right, how, on, strategy="auto"):
    """Tributary's join: left columns, then right ones; a key pair with one name gives one column
    (the right value for a right join, the first non-null for a full join); a right column whose
    name is taken gets _right. Null keys never match (Spark's equi-join)."""
    if strategy == "broadcast":
        right = F.broadcast(right)
    elif strategy == "shuffle":
        right = right.hint("shuffle_hash")
    l, r = left.alias("l"), right.alias("r")
    condition = [F.col("l." + a) == F.col("r." + b) for a, b in on]
    joined = l.join(r, condition, {"semi": "left_semi", "anti": "left_anti"}.get(how, how))
    if how in ("semi", "anti"):
        return joined
    merged = {a for a, b in on if a == b}
    def merged_key(name):
        if how == "right":
            return F.col("r." + name).alias(name)
        if how == "full":
            return F.coalesce(F.col("l." + name), F.col("r." + name)).alias(name)
        return F.col("l." + name).alias(name)
    columns = [merged_key(c) if c in merged else F.col("l." + c).alias(c) for c in left.columns]
    taken = set(left.columns)
    for c in right.columns:
        if c in merged:
            continue
        name = c
        while name in taken:
            name += "_right"
        taken.add(name)
        columns.append(F.col("r." + c).alias(name))
    return joined.select(*columns)`;
