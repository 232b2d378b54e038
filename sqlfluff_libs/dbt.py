"""Stand-ins for dbt's cross-database macros (`dbt.generate_series`, ...) so that sqlfluff's
jinja templater can lint models without compiling them through dbt or opening the database.
They render SQL of the same shape as dbt-duckdb's implementations; dbt itself never loads this.
"""


def generate_series(upper_bound):
    return f"select range as generated_number from range(1, {upper_bound} + 1)"


def replace(field, old_chars, new_chars):
    return f"replace({field}, {old_chars}, {new_chars})"


def listagg(measure, delimiter_text="','", order_by_clause=None, limit_num=None):
    order_by = f" {order_by_clause}" if order_by_clause else ""
    return f"string_agg({measure}, {delimiter_text}{order_by})"


def split_part(string_text, delimiter_text, part_number):
    return f"split_part({string_text}, {delimiter_text}, {part_number})"


def hash(field):  # noqa: A001 - dbt's own name for the macro
    return f"md5(cast({field} as varchar))"


def position(substring_text, string_text):
    return f"position({substring_text} in {string_text})"


def type_string():
    return "varchar"
