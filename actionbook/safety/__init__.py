"""Untrusted files, judged before any parser opens them, and untrusted work run where a crash cannot
spread.

In: a folder or a submitted file's bytes. Out: the entries worth reading and why the others are
left out (discovery.py, which only stats), a verdict (a refusal, or the parts judged sound) and
isolated worker processes.

    discovery.py   a folder's entries: which to read, and why the others are left out
    opening.py     a submission's bytes, read once from a regular file
    preflight.py   the verdict on those bytes: preflight, inspect, detect_format
      source.py      the bytes as every check reads them
      sniff.py       what a file is by its bytes; refuses what is not a spreadsheet
      zip_limits.py  the zip directory and every member inflated under the Limits (limits.py)
      xml_scan.py    DTD declarations and far cells in the XML as it is inflated
      far_refs.py    which refs are far enough to judge (plain regex)
      refusals.py    refusal codes, sentences and hints
      sheet_parts.py sheet name -> zip member, from the package's own XML
      ods.py         the sheet limits for an .ods content.xml
    isolation.py   untrusted work in worker processes (isolated_worker.py runs in them)

Speed only, each beside the plain path its tests compare it with:
    far_refs_fast.py   vector passes that rule out windows with no far ref (plain: far_refs.py)
    site_skip_fast.py  workers started without `site` (plain: with it)
"""
