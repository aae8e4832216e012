"""Value resolvers: dates to ISO, quantities to numbers, names to canonical forms."""
from pipeline.entities.normalize.amounts import AmountValue, normalize_amount, parse_number_word
from pipeline.entities.normalize.dates import DateValue, normalize_date, parse_letter_date
from pipeline.entities.normalize.names import canonical_name

__all__ = ["AmountValue", "DateValue", "canonical_name", "normalize_amount", "normalize_date",
           "parse_letter_date", "parse_number_word"]
