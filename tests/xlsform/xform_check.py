"""Checks Enquête's XForms against pyxform's for the same workbooks.

The corpus test (crates/formats/tests/corpus.rs) writes Enquête's XForm of every corpus workbook
that imports to $ENQUETE_XFORM_OUT/{file}.xml. This script converts each original workbook
with pyxform and compares the two XForms: the same binds (nodeset -> type, relevant,
constraint, calculate, required, readonly, repeat counts; whitespace in expressions
normalised; messages by presence), the same body (element tags, refs, appearances,
choice-list nodesets, repeat counts, nesting) and the same primary instance tree. Whether
each label and hint is translated or plain, the languages and the form id are reported, not
compared. It
prints one line per form and the totals, and exits non-zero when any form's binds or body
differ.

    ENQUETE_XFORM_OUT=/tmp/xforms cargo test -p enquete-formats --test corpus
    python3 tests/xlsform/xform_check.py ../shared/xlsform-corpus /tmp/xforms

With `--known tests/xlsform/xform_known_differences.txt`, the forms listed there (with why
they differ) are reported but do not fail the check; any other difference does.
"""
import csv
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

from pyxform.xls2xform import convert

XF = "{http://www.w3.org/2002/xforms}"
H = "{http://www.w3.org/1999/xhtml}"
JR = "{http://openrosa.org/javarosa}"
ODK = "{http://www.opendatakit.org/xforms}"
BIND_KEYS = ["type", "relevant", "constraint", "calculate", "required", "readonly",
             JR + "preload", JR + "preloadParams"]
# Messages are compared by presence (their text may be a translation's reference).
MESSAGES = [JR + "constraintMsg", JR + "requiredMsg"]
SKIPPED_BODY = ("label", "hint", "item", "value", "output")


def plain(text):
    """Expressions compared without spaces and with typographic quotes as plain ones (Enquête's
    import reads `‘yes’` as `'yes'`, as a person typing it meant)."""
    text = (text or "").replace("\u2018", "'").replace("\u2019", "'") \
        .replace("\u201c", '"').replace("\u201d", '"')
    return "".join(text.split())


def same_meaning(key, value):
    """required / readonly: `1`, `yes` and `true()` mean the same, as do `0`, `false()` and
    nothing (Enquête's import reads them as yes and no)."""
    if key in ("required", "readonly"):
        value = (value or "").strip()
        return {"1": "true()", "yes": "true()", "true": "true()", "0": "", "no": "",
                "false": "", "false()": ""}.get(value, plain(value))
    return plain(value)


def short(tag):
    return tag.replace(XF, "").replace(H, "h:").replace(ODK, "odk:").replace(JR, "jr:")


def shape(text):
    root = ET.fromstring(text)
    model = root.find(f"{H}head/{XF}model")
    primary = list(model.find(f"{XF}instance"))[0]
    prefix = "/" + short(primary.tag)

    def path(p):
        return p.replace(prefix, "/data", 1) if p and p.startswith(prefix) else p

    binds = {}
    for b in model.findall(f"{XF}bind"):
        binds[path(b.get("nodeset"))] = tuple(same_meaning(k, b.get(k)) for k in BIND_KEYS) + \
            tuple(b.get(k) is not None for k in MESSAGES)
    body = []

    def walk(node, depth):
        for child in node:
            tag = short(child.tag)
            if tag in SKIPPED_BODY:
                continue
            ref = path(child.get("ref") or child.get("nodeset"))
            if tag == "itemset" or child.get("query"):
                ref = plain(ref if tag == "itemset" else child.get("query"))
            count = plain(child.get(f"{JR}count"))
            body.append((depth, tag, ref, child.get("appearance"), count))
            walk(child, depth + 1)

    walk(root.find(f"{H}body"), 0)

    # How each control's label and hint are written: translated, plain, or absent.
    texts = []
    for el in root.find(f"{H}body").iter():
        ref = el.get("ref") or el.get("nodeset")
        if ref is None or short(el.tag) in ("itemset", "value", "label", "hint"):
            continue
        for k in ("label", "hint"):
            t = el.find(XF + k)
            kind = None if t is None else \
                "itext" if (t.get("ref") or "").startswith("jr:itext") else "plain"
            texts.append((path(ref), k, kind))

    def tree(node):
        kids = tuple(tree(c) for c in node)
        return (short(node.tag), node.get(f"{JR}template") is not None, kids)

    instance = tuple(tree(c) for c in primary)
    languages = sorted(t.get("lang") for t in model.iter(f"{XF}translation"))
    return binds, body, instance, languages, primary.get("id"), texts


def differences(theirs, ours):
    out = []
    (b1, body1, i1, l1, id1, t1), (b2, body2, i2, l2, id2, t2) = theirs, ours
    for node in sorted(set(b1) | set(b2)):
        if b1.get(node) != b2.get(node):
            out.append(f"bind {node}: pyxform {b1.get(node)} / ours {b2.get(node)}")
    if body1 != body2:
        for i, (x, y) in enumerate(zip(body1 + [None] * len(body2), body2 + [None] * len(body1))):
            if x != y:
                out.append(f"body item {i}: pyxform {x} / ours {y}")
                break
    instance = i1 == i2
    notes = []
    if t1 != t2:
        first = next((x, y) for x, y in zip(t1 + [None] * len(t2), t2 + [None] * len(t1)) if x != y)
        notes.append(f"labels written otherwise, first: pyxform {first[0]} / ours {first[1]}")
    if l1 != l2:
        notes.append(f"languages pyxform {l1} / ours {l2}")
    if id1 != id2:
        notes.append(f"form id pyxform {id1!r} / ours {id2!r}")
    return out, instance, notes, t1 == t2


def main(corpus, ours_dir, known_file=None):
    corpus, ours_dir = Path(corpus), Path(ours_dir)
    known = {}
    if known_file:
        for line in open(known_file, encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                name, _, why = line.rstrip("\n").partition("\t")
                known[name] = why
    unexpected = []
    rows = list(csv.DictReader(open(corpus / "manifest.csv", encoding="utf-8")))
    same = differ = instance_same = texts_same = 0
    for row in rows:
        name = row["file"]
        ours_path = ours_dir / f"{name}.xml"
        if not ours_path.exists():
            print(f"not imported  {name}")
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = convert(xlsform=str(corpus / "forms" / name), validate=False).xform
        found, instance, notes, texts = differences(shape(theirs), shape(ours_path.read_text()))
        instance_same += instance
        texts_same += texts
        if found:
            differ += 1
            if name in known:
                print(f"differs       {name} (known: {known[name]})")
            else:
                unexpected.append(name)
                print(f"DIFFERS       {name}" + ("" if instance else " (and the instance tree)"))
            for f in found[:6]:
                print(f"    {f}")
            if len(found) > 6:
                print(f"    ... {len(found) - 6} more")
        else:
            same += 1
            print(f"same          {name}" + ("" if instance else " (binds and body; the instance tree differs)"))
        for n in notes:
            print(f"    note: {n}")
    print(f"\n{same} of {same + differ} XForms have pyxform's binds and body; "
          f"{instance_same} have its instance tree, {texts_same} its labels and hints "
          f"(translated or plain); {differ} differ")
    if known_file:
        print(f"{differ - len(unexpected)} differ as known, {len(unexpected)} otherwise")
        return 0 if not unexpected else 1
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    args = sys.argv[1:]
    known_file = None
    if "--known" in args:
        i = args.index("--known")
        known_file = args[i + 1]
        del args[i:i + 2]
    sys.exit(main(args[0], args[1], known_file))
