#!/usr/bin/python3
"""Lists every configuration id that a reader would see where its name belongs.

Usage: shown_ids.py MUNICIPALITY.toml FILE...   (FILE: .html, .md, .xlsx, .csv)

Collects the ids that have a name in the configuration (boards, areas, forms, conditions by their text,
inspectors, scales and their levels, operations, indicators) from the municipality file and the
files it includes, then looks for each id as a whole word in the text a reader sees: an HTML
page's visible text (not its attributes), Markdown, the cells of a spreadsheet, a CSV. Prints one
line per finding (file, id, the name it should have been, the context) and exits 1 if any.

An id that is an ordinary word of its own name ("tillsyn" for the form "Tillsyn") is not
reported: "riktad tillsyn" in prose is Swedish, not a leaked id. Ids with an underscore or that
differ from every word of their name ("forskola" for "Förskola") are, except in brackets right
after the name ("Förskola [forskola]"), which is how the officer's commands show the id they take.
"""
import html.parser
import pathlib
import re
import sys
import tomllib


def named_ids(municipality):
    pairs = {}

    def add(table, id_key="id", name_key="name"):
        if isinstance(table, dict) and isinstance(table.get(id_key), str) and isinstance(table.get(name_key), str):
            pairs[table[id_key]] = table[name_key]

    def walk_file(path):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        add(data.get("board", {}))
        for key in ("areas", "forms", "conditions", "inspectors", "scales", "operations"):
            for entry in data.get(key, []) or []:
                add(entry)
                add(entry, name_key="text")  # a condition is named by its text
                for level in entry.get("levels", []) or []:
                    add(level, name_key="label") if "label" in level else add(level)
        for entry in (data.get("model", {}) or {}).get("indicators", []) or []:
            add(entry, id_key="key")
        for key, name in ((data.get("publishing", {}) or {}).get("key_figure_names", {}) or {}).items():
            pairs[key] = name
        for include in (data.get("municipality", {}) or {}).get("include", []) or []:
            for p in sorted(path.parent.glob(include)):
                walk_file(p)

    walk_file(pathlib.Path(municipality))
    return pairs


class VisibleText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def text_of(path):
    if path.suffix == ".html":
        parser = VisibleText()
        parser.feed(path.read_text(encoding="utf-8"))
        return "\n".join(parser.parts)
    if path.suffix == ".xlsx":
        import openpyxl
        book = openpyxl.load_workbook(path, read_only=True)
        return "\n".join(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str))
    return path.read_text(encoding="utf-8")


def main():
    pairs = named_ids(sys.argv[1])
    checked = {i: n for i, n in pairs.items()
               if i != n and i.lower() not in re.findall(r"\w+", n.lower())}
    findings = 0
    for name in sys.argv[2:]:
        path = pathlib.Path(name)
        text = text_of(path)
        for ident, label in checked.items():
            for m in re.finditer(r"(?<![\w-])" + re.escape(ident) + r"(?![\w-])", text):
                # "Förskola [forskola]": the id a command takes, in brackets right after its name,
                # is shown beside the name, not in its place (the officer's commands print so).
                before = text[:m.start()]
                if before.endswith("[") and text[m.end():m.end() + 1] == "]" and before[:-1].rstrip().rstrip(".").endswith(label.rstrip(".")):
                    continue
                # "(social 0.1.0)": a plugin's id with its version, not the board's id.
                if re.match(r" [0-9]+\.[0-9]+", text[m.end():m.end() + 6]):
                    continue
                context = text[max(0, m.start() - 40):m.end() + 40].replace("\n", " ")
                print(f"{path.name}: '{ident}' shown where its name '{label}' belongs: …{context}…")
                findings += 1
                break
    print(f"checked {len(checked)} ids in {len(sys.argv) - 2} files: {findings} shown")
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
