"""Merge a fresh .pot into a .po: new strings added untranslated, gone ones dropped.

Usage: merge_po.py TEMPLATE.pot LANG.po
"""

import sys

import polib


def main(pot_path, po_path):
    pot = polib.pofile(pot_path)
    try:
        po = polib.pofile(po_path)
    except OSError:
        po = polib.POFile()
        po.metadata = dict(pot.metadata, Language="ru")
    po.merge(pot)
    po.metadata["Language"] = "ru"
    if not po.metadata.get("Plural-Forms"):
        po.metadata["Plural-Forms"] = (
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
            "(n%100<10 || n%100>=20) ? 1 : 2);"
        )
    for entry in po.obsolete_entries():
        po.remove(entry)
    po.save(po_path)


if __name__ == "__main__":
    main(*sys.argv[1:3])
