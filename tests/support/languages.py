"""A plan whose ministries work in English, French, Spanish and Arabic, for the tests of
languages across the stages."""

from __future__ import annotations

from actionbook.plan import default_plan_text, parse_plan

EDITS = (
    ('name = "Ministry of Health"',
     'name = { en = "Ministry of Health", fr = "Ministère de la Santé" }\nlanguage = "fr"'),
    ('name = "Ministry of Education"',
     'name = { en = "Ministry of Education", es = "Ministerio de Educación" }\nlanguage = "es"'),
    ('name = "Ministry of Finance"', 'name = "Ministry of Finance"\nlanguage = "ar"'),
    ('title = "Digital public services for all"',
     'title = { en = "Digital public services for all", fr = "Des services publics '
     'numériques pour tous", es = "Servicios públicos digitales para todos", '
     'ar = "خدمات عامة رقمية للجميع" }'),
    ('"Medium", "Low"]', '"Medium", "Low", { en = "Urgent", fr = "Urgente", es = "Urgente" }]'),
)
LANGUAGE_OF = {"MDG": "en", "MOH": "fr", "MOE": "es", "MOF": "ar"}


def mixed_plan(language: str = "en"):
    """The default plan, in `language`, with MOH in French, MOE in Spanish, MOF in Arabic."""
    text = default_plan_text().replace('language = "en"', f'language = "{language}"').replace(
        "rows = 150", "rows = 20")
    for old, new in EDITS:
        assert old in text
        text = text.replace(old, new, 1)
    return parse_plan(text, "mixed plan.toml")
