"""Write each addon's README.rst from its readme/*.md fragments (OCA layout).

Usage: gen_addon_readme.py [--check] ADDON...
The fragments are plain paragraphs and lists, which read the same in Markdown
and reStructuredText. With --check, exit 1 when a README.rst is out of date.
"""

import ast
import sys
from pathlib import Path

SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("CONTRIBUTORS.md", "Contributors"),
]


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    title = manifest["name"]
    parts = [
        "=" * len(title),
        title,
        "=" * len(title),
        "",
        manifest["summary"],
        "",
        "*Generated from the readme/ fragments by tools/gen_addon_readme.py.*",
        "",
    ]
    for fragment, heading in SECTIONS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        if heading:
            parts += [heading, "=" * len(heading), ""]
        parts += [path.read_text().strip(), ""]
    parts += [
        "License",
        "=======",
        "",
        f"{manifest['license']}. Maintainers: {', '.join(manifest['maintainers'])}.",
        "",
    ]
    return "\n".join(parts)


def main(args):
    check = "--check" in args
    stale = []
    for name in (a for a in args if a != "--check"):
        addon = Path(name)
        text = render(addon)
        target = addon / "README.rst"
        if check:
            if not target.exists() or target.read_text() != text:
                stale.append(str(target))
        else:
            target.write_text(text)
    for path in stale:
        print(f"{path} is out of date: run make readme", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
