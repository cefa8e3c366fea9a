"""DataFrames out to files for analysts: CSV, JSON, Excel or Parquet, chosen by extension.

Submitted text is never turned into a formula or a link: an Excel cell is written as the
string it is, and a CSV cell starting with = + - @ (which a spreadsheet would run as a
formula when the CSV is opened) gets a leading apostrophe.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from actionbook.atomic import atomic_set, write_atomically
from actionbook.errors import OutputError
from actionbook.schema.layout import EXPORT, KIND

FORMATS = (".csv", ".json", ".xlsx", ".parquet")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False}


def defuse(value: object) -> object:
    """Text a spreadsheet would take for a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def defused(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text columns are defused (numbers and dates stay as they are)."""
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object or pd.api.types.is_string_dtype(out[name]):
            out[name] = out[name].map(defuse, na_action="ignore").astype(object)
    return out


def to_csv_text(frame: pd.DataFrame) -> str:
    return defused(frame).to_csv(index=False, date_format="%Y-%m-%d")


def to_json_text(frame: pd.DataFrame) -> str:
    """Records, dates as YYYY-MM-DD (the reader's dates never carry a time), blanks null."""
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].dt.strftime("%Y-%m-%d").astype(object)
    return out.to_json(orient="records", force_ascii=False, indent=1)


def check_target(path: str | Path) -> str:
    """The output format `path` asks for by its extension; OutputError when it cannot be
    written (unknown extension, or .parquet without pyarrow). Call it before long work."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(f"{path}: cannot write '{suffix or 'no extension'}' files "
                          f"(use one of {', '.join(FORMATS)})")
    if suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise OutputError("writing .parquet needs pyarrow: pip install "
                              "'actionbook[parquet]' (or write .csv, .json or .xlsx)") from None
    return suffix


def write_frame(frame: pd.DataFrame, path: str | Path, sheet: str = "Actions") -> Path:
    """Write `frame` to `path` in the format its extension names, atomically."""
    suffix = check_target(path)
    return write_atomically(Path(path), encode(frame, suffix, sheet))


def write_frames(frames: dict[str, pd.DataFrame], directory: str | Path,
                 suffixes: tuple[str, ...]) -> list[Path]:
    """Each frame as `name + suffix` for every suffix, in `directory`, as one set: the files of
    an earlier export under these names are all replaced, or (on any failure) all kept."""
    directory = Path(directory)
    names = [f"{name}{suffix}" for name in frames for suffix in (".csv", ".parquet")]
    with atomic_set(directory, owned=names) as add:
        for name, frame in frames.items():
            for suffix in suffixes:
                add(f"{name}{suffix}", encode(frame, check_target(name + suffix), "Actions"))
    return [directory / f"{name}{suffix}" for name in frames for suffix in suffixes]


def encode(frame: pd.DataFrame, suffix: str, sheet: str) -> bytes:
    if suffix == ".csv":
        return to_csv_text(frame).encode("utf-8")
    if suffix == ".json":
        return to_json_text(frame).encode("utf-8")
    buffer = io.BytesIO()
    if suffix == ".parquet":
        parquet(frame, buffer)
    else:
        xlsx(frame, buffer, sheet)
    return buffer.getvalue()


def parquet(frame: pd.DataFrame, buffer: io.BytesIO) -> None:
    frame.to_parquet(buffer, index=False)


def xlsx(frame: pd.DataFrame, buffer: io.BytesIO, sheet: str) -> None:
    with pd.ExcelWriter(buffer, engine="xlsxwriter", date_format="yyyy-mm-dd",
                        datetime_format="yyyy-mm-dd",
                        engine_kwargs={"options": XLSX_OPTIONS}) as writer:
        frame.to_excel(writer, sheet_name=sheet, index=False)
        writer.book.set_custom_property(KIND, EXPORT, "text")  # never read as a submission


