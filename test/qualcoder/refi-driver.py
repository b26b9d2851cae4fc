"""Runs QualCoder's own REFI-QDA code (refi.py: RefiImport, RefiExport) headless, for qualkit's
interoperability test. QualCoder's source is read from QUALCODER_SRC (default ../shared/qualcoder/src
next to the repository); it is never copied here.

  refi-driver.py import <file.qdpx> <project.qda>   new project from a .qdpx; prints its tables as JSON
  refi-driver.py export <project.qda> <folder>      writes <folder>/<project>.qdpx with RefiExport
  refi-driver.py make <project.qda>                 a project made directly in QualCoder's schema:
                                                    two coders, memos, cases linked to files, a
                                                    sub-code, an annotation, a journal

Needs Debian's python3-pyqt6 (and python3-pyqt6.qtmultimedia) and QT_QPA_PLATFORM=offscreen.
"""

import ast
import builtins
import gettext
import json
import os
import sqlite3
import sys
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = Path(os.environ.get("QUALCODER_SRC", HERE.parent.parent.parent / "shared" / "qualcoder" / "src"))
MAIN = SRC / "qualcoder" / "__main__.py"
NOW = "2026-01-02 03:04:05"

builtins._ = gettext.gettext
# QualCoder prints diagnostics on stdout; only this driver's result goes there.
RESULT = sys.stdout
sys.stdout = sys.stderr
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# helpers.py imports pymupdf and PIL, which the text path never uses.
for name in ("pymupdf", "PIL"):
    try:
        __import__(name)
    except ImportError:
        stub = types.ModuleType(name)
        if name == "PIL":
            for part in ("Image", "ImageOps", "ImageFilter"):
                setattr(stub, part, types.ModuleType(f"PIL.{part}"))
        sys.modules[name] = stub
sys.path.insert(0, str(SRC))

from PyQt6 import QtWidgets  # noqa: E402

APP = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])

from qualcoder import refi  # noqa: E402


class _Message:
    """helpers.Message opens a dialog; here it only records the text on stderr."""

    def __init__(self, _app, title, text, _icon=None):
        self.text = f"{title}: {text}"

    def exec(self):
        print(f"qualcoder message: {self.text}", file=sys.stderr)
        return 0


refi.Message = _Message
refi.RefiLineEndings.exec = lambda self: 0


class TextEdit:
    def __init__(self):
        self.lines = []

    def append(self, text):
        self.lines.append(str(text))


def create_tables_sql():
    """The CREATE TABLE statements of MainWindow.new_project in QualCoder's __main__.py."""
    tree = ast.parse(MAIN.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "new_project":
            out = []
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "execute"
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                    and str(call.args[0].value).upper().startswith("CREATE TABLE")
                ):
                    out.append(call.args[0].value)
            return out
    raise SystemExit("new_project not found in " + str(MAIN))


class App:
    """What RefiImport and RefiExport use of QualCoder's App."""

    version = "QualCoder 3.8 (headless test)"

    def __init__(self, project_path: Path, create: bool):
        self.project_path = str(project_path)
        self.project_name = project_path.name
        self.settings = {
            "directory": str(project_path.parent),
            "codername": "default",
            "fontsize": 10,
            "font": "Noto Sans",
            "ai_enable": "False",
        }
        self.ai_models = []
        self.project_events = None
        if create:
            project_path.mkdir(parents=True)
            for d in ("images", "audio", "video", "documents"):
                (project_path / d).mkdir()
        self.conn = sqlite3.connect(str(project_path / "data.qda"))
        if create:
            cur = self.conn.cursor()
            for sql in create_tables_sql():
                cur.execute(sql)
            cur.execute(
                "INSERT INTO project VALUES(?,?,?,?,?,?,?,?,null,null,null)",
                ("v17", NOW, "", self.version, 0, 0, "default", ""),
            )
            self.conn.commit()

    def write_config_ini(self, _settings, _ai_models):
        pass

    def get_annotations(self):
        cur = self.conn.cursor()
        cur.execute("select anid, fid, pos0, pos1, memo, owner, date from annotation")
        keys = "anid", "fid", "pos0", "pos1", "memo", "owner", "date"
        return [dict(zip(keys, row)) for row in cur.fetchall()]


def dump(conn):
    tables = {
        "source": "select id, name, fulltext, memo from source order by id",
        "code_cat": "select catid, name, supercatid, memo from code_cat order by catid",
        "code_name": "select cid, name, catid, supercid, memo from code_name order by cid",
        "code_text": "select cid, fid, seltext, pos0, pos1, owner, memo from code_text order by ctid",
        "cases": "select caseid, name, memo from cases order by caseid",
        "case_text": "select caseid, fid, pos0, pos1 from case_text order by id",
        "attribute_type": "select name, caseOrFile, valuetype from attribute_type order by name",
        "attribute": "select name, attr_type, value, id from attribute order by attrid",
        "annotation": "select fid, pos0, pos1, memo, owner from annotation order by anid",
        "journal": "select name, jentry, owner from journal order by jid",
    }
    cur = conn.cursor()
    out = {}
    for table, sql in tables.items():
        cur.execute(sql)
        names = [d[0] for d in cur.description]
        out[table] = [dict(zip(names, row)) for row in cur.fetchall()]
    return out


def patch_dialogs(open_file=None, directory=None):
    QtWidgets.QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (str(open_file), "qdpx"))
    QtWidgets.QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: str(directory))


def do_import(qdpx: Path, project: Path):
    app = App(project, create=True)
    patch_dialogs(open_file=qdpx)
    log = TextEdit()
    refi.RefiImport(app, log, "qdpx")
    result = dump(app.conn)
    result["log"] = log.lines
    print(json.dumps(result, ensure_ascii=False), file=RESULT)


def do_export(project: Path, folder: Path):
    app = App(project, create=False)
    patch_dialogs(directory=folder)
    # RefiExport prepares the zip in ~/.qualcoder/<project>.
    (Path.home() / ".qualcoder").mkdir(exist_ok=True)
    refi.RefiExport(app, TextEdit(), "project")
    out = folder / (project.name[:-4] + ".qdpx")
    if not out.exists():
        raise SystemExit(f"RefiExport wrote no {out}")
    print(str(out), file=RESULT)


def do_make(project: Path):
    """A small project entered the way QualCoder's own dialogs store it."""
    app = App(project, create=True)
    cur = app.conn.cursor()
    t1 = "Interviewer: Hoe gaat het?\nRespondent: Goed, dank je. Het café is dicht.\n"
    t2 = "Interviewer: En nu?\nRespondent: Ik zoek hulp 👋🏽 bij het inloophuis.\n"
    cur.executemany(
        "insert into source (id, name, fulltext, memo, owner, date) values (?,?,?,?,?,?)",
        [
            (1, "Respondent 1 - interview.txt", t1, "Eerste gesprek", "anna", NOW),
            (2, "interview-2.txt", t2, "", "anna", NOW),
        ],
    )
    cur.executemany(
        "insert into code_cat (catid, name, owner, date, memo, supercatid) values (?,?,?,?,?,?)",
        [(1, "Ervaringen", "anna", NOW, "Wat respondenten meemaakten", None)],
    )
    cur.executemany(
        "insert into code_name (cid, name, memo, catid, owner, date, color, supercid) values (?,?,?,?,?,?,?,?)",
        [
            (1, "Welzijn", "Hoe het gaat", 1, "anna", NOW, "#F781F3", None),
            (2, "Hulp zoeken", "", 1, "anna", NOW, "#81BEF7", None),
            (3, "Inloophuis", "Sub-code van Hulp zoeken", None, "anna", NOW, "#81F7BE", 2),
        ],
    )

    def seg(text, needle):
        start = text.index(needle)
        return start, start + len(needle)

    rows = []
    for cid, fid, text, needle, owner, memo in [
        (1, 1, t1, "Goed, dank je.", "anna", "positief"),
        (1, 1, t1, "Goed, dank je.", "bram", ""),
        (2, 2, t2, "Ik zoek hulp 👋🏽 bij het inloophuis.", "anna", ""),
        (3, 2, t2, "Ik zoek hulp 👋🏽 bij het inloophuis.", "bram", "noemt de plek"),
    ]:
        p0, p1 = seg(text, needle)
        rows.append((cid, fid, text[p0:p1], p0, p1, owner, NOW, memo))
    cur.executemany(
        "insert into code_text (cid, fid, seltext, pos0, pos1, owner, date, memo) values (?,?,?,?,?,?,?,?)", rows
    )
    p0, p1 = seg(t1, "Het café is dicht.")
    cur.execute(
        "insert into annotation (fid, pos0, pos1, memo, owner, date) values (?,?,?,?,?,?)",
        (1, p0, p1, "tijdelijk gesloten", "anna", NOW),
    )
    cur.execute(
        "insert into journal (name, jentry, date, owner) values (?,?,?,?)",
        ("Veldnotities", "Eerste indrukken van beide gesprekken.", NOW, "anna"),
    )
    cur.executemany(
        "insert into cases (caseid, name, memo, owner, date) values (?,?,?,?,?)",
        [(1, "Respondent 1", "Medewerker", "anna", NOW), (2, "Respondent 2", "", "anna", NOW)],
    )
    # A file added to a case in QualCoder's case manager: the whole text, and the 0-0 link RefiExport reads.
    cur.executemany(
        "insert into case_text (caseid, fid, pos0, pos1, owner, date, memo) values (?,?,?,?,?,?,?)",
        [(1, 1, 0, 0, "anna", NOW, ""), (2, 2, 0, 0, "anna", NOW, "")],
    )
    cur.executemany(
        "insert into attribute_type (name, date, owner, memo, caseOrFile, valuetype) values (?,?,?,?,?,?)",
        [("rol", NOW, "anna", "", "case", "character"), ("jaren", NOW, "anna", "", "case", "numeric")],
    )
    cur.executemany(
        "insert into attribute (name, attr_type, value, id, date, owner) values (?,?,?,?,?,?)",
        [
            ("rol", "case", "gastvrouw", 1, NOW, "anna"),
            ("jaren", "case", "6", 1, NOW, "anna"),
            ("rol", "case", "veldwerker", 2, NOW, "anna"),
            ("jaren", "case", "4", 2, NOW, "anna"),
        ],
    )
    app.conn.commit()
    print(json.dumps(dump(app.conn), ensure_ascii=False), file=RESULT)


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "import" and len(sys.argv) == 4:
        do_import(Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve())
    elif mode == "export" and len(sys.argv) == 4:
        do_export(Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve())
    elif mode == "make" and len(sys.argv) == 3:
        do_make(Path(sys.argv[2]).resolve())
    else:
        raise SystemExit(__doc__)
