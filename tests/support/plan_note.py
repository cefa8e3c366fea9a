"""The line every command that takes a plan writes first on stderr when it is run without -c
(cli.load): which plan it found. Tests of what else a command says take that line off."""

NOTES = ("Using the plan in ./plan.toml: ", "No plan.toml here and no -c: ")


def is_plan_note(line: str) -> bool:
    return line.startswith(NOTES)


def without_plan_note(text: str) -> str:
    """`text` (a command's stderr, or its output with stderr) without its first line when
    that line is the plan note."""
    first, _, rest = text.partition("\n")
    return rest if is_plan_note(first) else text
