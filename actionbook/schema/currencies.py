"""Currencies: the ISO 4217 codes a plan's `currency` may be, and what a currency sign typed in
a cost can stand for. Data and pure functions only.

A cost typed with a currency mark ("USD 100", "$3k", "€2.5m") is read as its number (the
reader says so); the check then compares the mark with the plan's currency: a cost in another
currency cannot be added to the others, so it is a warning and stays out of every total.
"""

from __future__ import annotations

# The active codes of ISO 4217 (2024), without XTS (testing) and XXX (no currency).
_CODES = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN
BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP
ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK
JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK
MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB
TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG
XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG ZWL
"""
ISO_4217 = frozenset(_CODES.split())

# A sign stands for every currency written with it: "$" is a cost in the plan's currency when
# the plan counts in US, Canadian, Australian... dollars, and in another currency otherwise.
SIGNS: dict[str, frozenset[str]] = {
    "$": frozenset({"USD", "ARS", "AUD", "BBD", "BMD", "BND", "BSD", "BZD", "CAD", "CLP", "COP",
                    "CUP", "DOP", "FJD", "GYD", "HKD", "JMD", "KYD", "LRD", "MXN", "NAD",
                    "NZD", "SBD", "SGD", "SRD", "TTD", "TWD", "UYU", "XCD"}),
    "€": frozenset({"EUR"}),
    "£": frozenset({"GBP", "EGP", "FKP", "GIP", "LBP", "SHP", "SSP", "SYP"}),
    "¥": frozenset({"JPY", "CNY"}),
    "₹": frozenset({"INR"}),
    "₨": frozenset({"PKR", "LKR", "NPR", "MUR", "SCR"}),
    "₦": frozenset({"NGN"}),
    "₩": frozenset({"KRW", "KPW"}),
    "₽": frozenset({"RUB"}),
    "₺": frozenset({"TRY"}),
    "₱": frozenset({"PHP"}),
    "₫": frozenset({"VND"}),
    "₴": frozenset({"UAH"}),
    "₪": frozenset({"ILS"}),
    "฿": frozenset({"THB"}),
    "₵": frozenset({"GHS"}),
    "₸": frozenset({"KZT"}),
    "₮": frozenset({"MNT"}),
    "₭": frozenset({"LAK"}),
    "₲": frozenset({"PYG"}),
    "₡": frozenset({"CRC"}),
    "₼": frozenset({"AZN"}),
    "₾": frozenset({"GEL"}),
    "৳": frozenset({"BDT"}),
    "៛": frozenset({"KHR"}),
    "﷼": frozenset({"IRR", "OMR", "QAR", "SAR", "YER"}),
}


def is_currency(code: object) -> bool:
    """Whether `code` is an ISO 4217 code as the plan must write it: three capitals."""
    return isinstance(code, str) and code in ISO_4217


def in_currency(mark: str, currency: str | None) -> bool:
    """Whether an amount typed with `mark` (an ISO code or a sign, as the reader found it) is
    in `currency`; never when the plan names no currency, since then nothing says which
    currency the unmarked amounts are in."""
    if currency is None:
        return False
    return mark == currency or currency in SIGNS.get(mark, frozenset())
