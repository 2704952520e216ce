"""Write each addon's README.rst and Apps page from its readme/ fragments (OCA).

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


def render_html(rst_text):
    """The Apps page (static/description/index.html) of a README.rst."""
    from docutils.core import publish_parts

    parts = publish_parts(
        rst_text,
        writer_name="html",
        settings_overrides={"output_encoding": "unicode", "report_level": 5},
    )
    return f'<section class="oe_container">\n{parts["html_body"]}</section>\n'


def main(args):
    check = "--check" in args
    stale = []
    for name in (a for a in args if a != "--check"):
        addon = Path(name)
        text = render(addon)
        outputs = {
            addon / "README.rst": text,
            addon / "static" / "description" / "index.html": render_html(text),
        }
        for target, content in outputs.items():
            if check:
                if not target.exists() or target.read_text() != content:
                    stale.append(str(target))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content)
    for path in stale:
        print(f"{path} is out of date: run make readme", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
