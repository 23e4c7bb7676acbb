"""The `career` command: the dashboard, and keyboard-free commands for shells and scripts.

Imports stay light: nothing here imports Textual, so `career glance` is fast in a login shell.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING

from careerplan.store.errors import PlanError
from careerplan.store.schema import COLUMNS, KINDS

if TYPE_CHECKING:
    import argparse

EPILOG = """dates: 2027-03-31, '31 Mar 2027', +2w, +3m, 'in 10 days', tomorrow, 'next friday',
'end of month', 'end of quarter'.
the plan file: --db PATH, else $CAREER_DB, else the user data folder (see `career where`)."""


def _on_one_record(commands, name: str, says: str) -> argparse.ArgumentParser:
    """A command that acts on one record: `career NAME ID [--db PATH]`."""
    sub = commands.add_parser(name, help=says)
    _db_option(sub)
    sub.add_argument("id", type=int, help="the record's id")
    return sub


def _db_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    import argparse

    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="the plan file (default: $CAREER_DB or the user data folder)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="say only what a script reads (an id, JSON), not what was done",
    )


def installed_version() -> str:
    """The version is written once, in pyproject.toml; the installed package's metadata
    carries it (asked only for --version: importlib.metadata costs a command's start)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("careerplan")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _parser_class():
    """argparse's parser, with "did you mean" for a mistyped command, kind or column."""
    import argparse
    import difflib
    import re

    class Parser(argparse.ArgumentParser):
        def error(self, message: str):
            found = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
            if found:
                choices = re.findall(r"'([^']*)'", found[2])
                near = difflib.get_close_matches(found[1], choices, n=1)
                if near:
                    message += f"; did you mean {near[0]}?"
            super().error(message)

    return Parser


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = _parser_class()(
        prog="career",
        description="Your career progression plan in the terminal. "
        "Without a command, opens the dashboard.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _db_option(parser, top=True)
    parser.add_argument("--version", action="store_true", help="show the version and exit")
    parser.add_argument(
        "--demo", action="store_true", help="open the dashboard on a copy of a sample plan"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub = commands.add_parser(
        "glance",
        help="a compact summary for a login shell",
        description="A compact summary, fitted to the terminal's width (COLUMNS, else the "
        "terminal's, else 80).",
    )
    _db_option(sub)
    sub.add_argument("--json", action="store_true", help="the same facts as a JSON object")

    sub = commands.add_parser(
        "review",
        help="overdue and due-soon items; exit status 1 when anything is overdue",
        description="List overdue and due-soon goals and actions. Exit status 1 when anything "
        "is overdue, 0 otherwise.",
    )
    _db_option(sub)
    sub.add_argument("--json", action="store_true", help="print a JSON object for scripts")
    sub.add_argument("--days", type=int, metavar="N", help="due-soon window (default 14)")

    from careerplan.tui import records_cli

    records_cli.add_parsers(commands, _db_option, argparse.RawDescriptionHelpFormatter)
    records_cli.list_parsers(commands, _db_option)

    _on_one_record(commands, "done", "finish an action, achieve a goal, close a gap")
    _on_one_record(commands, "skip", "a repeating card: on to its next date, undone")
    sub = _on_one_record(commands, "move", "move an action card to a column")
    sub.add_argument("column", choices=COLUMNS, help="backlog, todo, doing or done")

    from careerplan.store.formats import FORMATS

    sub = commands.add_parser(
        "export",
        help="write the plan as " + ", ".join(FORMATS),
        epilog="formats: " + "; ".join(f"{f.name}: {f.says}" for f in FORMATS.values()),
    )
    _db_option(sub)
    sub.add_argument("--format", choices=list(FORMATS), default="json")
    sub.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of stdout (- is stdout)"
    )
    sub.add_argument("--force", action="store_true", help="write over a FILE already there")
    sub.add_argument(
        "--alarm",
        metavar="BEFORE",
        help="ics: a reminder this long before each due date and event (1d, 2h, 30m)",
    )

    sub = commands.add_parser("import", help="load a JSON export into an empty plan")
    _db_option(sub)
    sub.add_argument(
        "file", help="a file written by `career export --format json` (- reads standard input)"
    )
    sub.add_argument(
        "--replace", action="store_true", help="replace a non-empty plan (a dated backup is kept)"
    )

    sub = commands.add_parser(
        "brief",
        help="one page of markdown for your mentor before a 1:1",
        description="Where you are, each goal's progress and next step, what changed since the "
        "last review (or --since), where you would like help, what to celebrate.",
    )
    _db_option(sub)
    sub.add_argument("--since", metavar="WHEN", help="what changed since this date")
    sub.add_argument("-o", "--output", metavar="FILE", help="write to FILE (- is stdout)")
    sub.add_argument("--force", action="store_true", help="write over a FILE already there")

    sub = commands.add_parser("undo", help="undo the last change, and say what it was")
    _db_option(sub)

    sub = commands.add_parser("redo", help="make again what the last undo took back")
    _db_option(sub)

    sub = commands.add_parser("help", help="a topic explained: dates, smart, file, keys")
    sub.add_argument("topic", choices=sorted(TOPICS), help="what to explain")

    sub = commands.add_parser("where", help="print the path of the plan file")
    _db_option(sub)

    sub = commands.add_parser(
        "serve",
        help="the dashboard in a browser (textual-serve), on 127.0.0.1, for you alone",
        description="Serve the dashboard to a browser and print the one URL that opens it: "
        "it holds a secret token, and every request without it is refused, as is a page of "
        "another site or a host name other than the one served. It binds to 127.0.0.1 unless "
        "told otherwise (anything else gets a warning: the plan is personal; from another "
        "machine, use an SSH tunnel: ssh -L 8000:127.0.0.1:8000 HOST, then open the URL).",
        epilog="needs the web extra: pipx install '.[web]' (or pipx inject careerplan "
        "textual-serve)",
    )
    _db_option(sub)
    sub.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    sub.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    sub.add_argument("--demo", action="store_true", help="serve a copy of the sample plan")
    sub.add_argument(
        "--max-sessions",
        type=int,
        default=1,
        metavar="N",
        help="browser sessions at once, each its own app (default 1; at most 16)",
    )
    sub.add_argument(
        "--token-file",
        metavar="PATH",
        help="keep the token in PATH (made 0600 when missing) so the URL stays the same",
    )
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace | SimpleNamespace:
    """The dashboard's own options (`career`, `--db PATH`, `--demo`) are read here; anything
    else (a command, --help, an abbreviation, a mistake) by the whole parser, so its help and
    its error messages are the only ones: the dashboard's start need not build it, nor import
    argparse."""
    words = sys.argv[1:] if argv is None else list(argv)
    if "_ARGCOMPLETE" in os.environ:
        return _parse_command(argv)
    db, demo = None, False
    while words:
        word = words.pop(0)
        if word == "--demo":
            demo = True
        elif word.startswith("--db="):
            db = word[len("--db=") :]
        elif word == "--db" and words and not words[0].startswith("-"):
            db = words.pop(0)
        else:
            return _parse_command(argv)
    return SimpleNamespace(db=db, demo=demo, command=None)


def _parse_command(argv: list[str] | None):
    """`career add` keeps options it does not know (`--horizon` on an action) for a one-line
    message of its own; every other command is parsed strictly. A date in the past after its
    option (`--due -3d`) is taken as one: argparse would read it as an option."""
    argv = _past_dates_joined(sys.argv[1:] if argv is None else list(argv))
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (see README)
        import argcomplete

        argcomplete.autocomplete(parser)
    args, extras = parser.parse_known_args(argv)
    if extras and getattr(args, "command", None) != "add":
        parser.parse_args(argv)  # says what is wrong, and exits 2
    args.extras = extras
    return args


DATE_OPTIONS = {"--due", "--deadline", "--date", "--since", "--until", "--start", "--end"}


def _past_dates_joined(words: list[str]) -> list[str]:
    import re

    joined: list[str] = []
    for word in words:
        if joined and joined[-1] in DATE_OPTIONS and re.fullmatch(r"-\d+\s*[a-z]+", word):
            joined[-1] = f"{joined[-1]}={word}"
        else:
            joined.append(word)
    return joined


def _open(args, create: bool = False, read_now: bool = True):
    """The plan at --db / $CAREER_DB / the default path. Without `create`, a path where no
    plan exists is an error (a mistyped --db must not read as an empty plan). Its event log is
    parsed only by what reads it (undo, brief, an export): a change carries it as it is."""
    from careerplan.store.plan import Plan
    from careerplan.tui.paths import ensure_folder, plan_path

    path = plan_path(args.db)
    if create:
        ensure_folder(path)
    elif not os.path.lexists(path):
        raise PlanError(f"no plan at {path} (career where shows the default)")
    return Plan(path, defer_events=True, read_now=read_now)


def _say(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _tell(args, text: str, stream=None) -> None:
    """What was done, for a person: left out with --quiet."""
    if not getattr(args, "quiet", False):
        (stream or sys.stdout).write(text)
        (stream or sys.stdout).flush()


def cmd_glance(args) -> int:
    from careerplan.tui import glance

    plan = _open(args)
    snapshot, today, settings = plan.snapshot(events=False), plan.today(), plan.settings()
    if args.json:
        _say(json.dumps(glance.glance_data(snapshot, today, settings), indent=1) + "\n")
    else:
        _say(glance.glance(snapshot, today, settings))
    return 0


def cmd_review(args) -> int:
    from careerplan.tui.glance import review_items, review_text

    plan = _open(args)
    window = args.days if args.days is not None else int(plan.settings()["due_soon_days"] or 14)
    if window < 0:
        raise PlanError("--days must be 0 or more")
    items = review_items(plan.snapshot(events=False), plan.today(), window)
    if args.json:
        _say(json.dumps(items, ensure_ascii=True, indent=1) + "\n")
    else:
        _say(review_text(items, plan.today()))
    return 1 if items["overdue"] else 0


def cmd_add(args) -> int:
    from careerplan.tui import records_cli

    plan = _open(args, create=True)
    new = not os.path.exists(plan.path)
    record = records_cli.add(plan, args)
    if new:
        _tell(args, f"career: made a new plan at {plan.path}\n", sys.stderr)
    _say(f"{record['id']}\n")
    return 0


def cmd_list(args) -> int:
    from careerplan.tui import records_cli

    found = records_cli.listed(_open(args), args)
    if args.json:
        records_cli.say_json([{"kind": kind, "record": record} for kind, record in found])
    else:
        _say(records_cli.list_text(found))
    return 0


def cmd_show(args) -> int:
    from careerplan.tui import records_cli

    kind, record = _open(args).find(args.id)
    if args.json:
        records_cli.say_json({"kind": kind, "record": record})
    else:
        _say(records_cli.show_text(kind, record))
    return 0


def cmd_edit(args) -> int:
    from careerplan.store.text import printable
    from careerplan.tui import records_cli

    plan = _open(args)
    record = records_cli.edit(plan, args.id, args.changes)
    kind = plan.find(args.id)[0]
    title = printable(str(record.get(KINDS[kind].title_field) or ""), one_line=True)[:60]
    _tell(args, f"saved {kind} {args.id} {title}\n")
    return 0


def cmd_done(args) -> int:
    from careerplan.store.text import printable

    plan = _open(args)
    kind, _ = plan.find(args.id)
    record = plan.done(args.id)
    title = record.get("title") or record.get("name") or ""
    said = f"done: {kind} {args.id} {printable(str(title), one_line=True)[:60]}"
    if record.get("column") not in (None, "done"):  # a repeating card goes on
        said += f"; next on {record.get('deadline')}"
    _tell(args, said + "\n")
    return 0


def cmd_skip(args) -> int:
    from careerplan.store.text import printable

    record = _open(args).skip(args.id)
    title = printable(record["title"], one_line=True)[:60]
    _tell(args, f"skipped: action {args.id} {title}; next on {record['deadline']}\n")
    return 0


def cmd_move(args) -> int:
    from careerplan.store.text import printable

    plan = _open(args)
    record = plan.move(args.id, args.column)
    title = printable(record["title"], one_line=True)[:60]
    _tell(args, f"moved {args.id} {title} to {args.column}\n")
    return 0


def cmd_export(args) -> int:
    from careerplan.store import formats

    plan = _open(args)
    options = {"alarm": _duration(args.alarm)} if args.alarm else {}
    if options and args.format != "ics":
        raise PlanError("--alarm is for --format ics")
    data = formats.chunks(args.format, plan, plan.today(), **options)
    if args.output and args.output != "-":
        write_output(args.output, data, plan.path, args.force)
    else:
        _write_stdout(data)
    return 0


def _write_stdout(chunks) -> None:
    from careerplan.store.atomic import as_bytes

    out = sys.stdout.buffer
    for block in as_bytes(chunks):
        out.write(block)
    out.flush()


def _duration(text: str):
    """'1d', '2h', '30m', '1w' as a timedelta; PlanError otherwise."""
    import re
    from datetime import timedelta

    found = re.fullmatch(r"\s*(\d{1,4})\s*([wdhm])\s*", text or "")
    if not found:
        raise PlanError(f"--alarm {text!r}: give a number and w, d, h or m (1d, 2h, 30m)")
    unit = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}[found[2]]
    return timedelta(**{unit: int(found[1])})


def write_output(output: str, data, plan_path: str, force: bool) -> None:
    """Write an export to a file: never over the plan itself (nor any of its names), never over
    a file already there unless forced, and through a symlink to its target, atomically."""
    from careerplan.store.atomic import atomic_write

    target = os.path.realpath(output)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as error:
        raise PlanError(f"cannot write {output}: {error.strerror or error}") from None
    if target == plan_path or st is not None and _same_file(st, plan_path):
        raise PlanError(f"will not write the export over the plan itself ({output})")
    if st is not None and not force:
        raise PlanError(f"{output} already exists; add --force to write over it")
    try:
        atomic_write(target, data)
    except OSError as error:
        raise PlanError(f"cannot write {output}: {error.strerror or error}") from None


def _same_file(st: os.stat_result, path: str) -> bool:
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == (other.st_dev, other.st_ino)


def cmd_import(args) -> int:
    from careerplan.store.importing import import_json

    source = "standard input" if args.file == "-" else args.file
    try:
        if args.file == "-":
            text = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as handle:
                text = handle.read()
    except OSError as error:
        raise PlanError(f"cannot read {args.file}: {error.strerror or error}") from None
    plan = _open(args, create=True)
    count = import_json(plan, text, source, replace=args.replace)
    _tell(args, f"imported {count} records into {plan.path} (career undo takes it back)\n")
    return 0


def cmd_brief(args) -> int:
    from careerplan.store.brief import brief
    from careerplan.store.dates import parse_when

    plan = _open(args)
    since = parse_when(args.since, plan.today(), "since") if args.since else None
    data = brief(plan, plan.today(), since).encode("utf-8")
    if args.output and args.output != "-":
        write_output(args.output, data, plan.path, args.force)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_undo(args) -> int:
    from careerplan.store.text import printable

    plan = _open(args)
    event = plan.undo()
    _tell(args, printable(event["summary"], one_line=True) + "\n" if event else "nothing to undo\n")
    return 0


def cmd_redo(args) -> int:
    from careerplan.store.text import printable

    plan = _open(args)
    event = plan.redo()
    _tell(args, printable(event["summary"], one_line=True) + "\n" if event else "nothing to redo\n")
    return 0


TOPICS = {
    "dates": """Dates are typed as people say them: 2027-03-31, '31 Mar 2027', +2w, +3m, -3d,
'in 10 days', '2 weeks ago', tomorrow, 'next friday', 'end of month', 'end of quarter'.
Day/month/year (31/12/2026) is read only when it cannot be read the other way round:
01/02/2027 is refused as ambiguous. Anything else is refused with a message, never guessed.
Shown dates are relative where that reads better: "due in 3 days", "5 days overdue".""",
    "smart": None,  # filled from the store's one wording (rules.SMART_RULE)
    "file": """Your plan is one JSON file: --db PATH, else $CAREER_DB, else the user data
folder (`career where` prints it). It is plain JSON, one record per line with sorted keys, so
you can diff it or keep it in git. Every save is atomic (a temp file, fsync, rename) and
private (0600); two careerplans on one plan take a lock around each change; a dated backup is
kept beside it once a day and before an import or a migration (ten, by their own time). A
file that does not read, or holds a record breaking the plan's rules, is never written over:
careerplan names what is wrong and the newest good backup. `career export` and `career
import` move a plan (an import is one change: `career undo` takes it back).""",
    "keys": None,  # the dashboard's key table (tui/keys.py)
}


def cmd_help(args) -> int:
    text = TOPICS[args.topic] or ""
    if args.topic == "smart":
        import textwrap

        from careerplan.store.rules import SMART_RULE

        text = textwrap.fill(SMART_RULE, 92)
    elif args.topic == "keys":
        from careerplan.tui.keys import KEYS

        text = "\n".join(f"{where:<11} {keys:<28} {what}" for where, keys, what in KEYS)
    _say(text + "\n")
    return 0


def cmd_where(args) -> int:
    from careerplan.tui.paths import plan_path

    _say(plan_path(args.db) + "\n")
    return 0


def cmd_dashboard(args) -> int:
    # The app runs with the automatic collector off (tui.garbage). Turned off here,
    # before Textual is imported, it also skips the collections that importing Textual and
    # building the first screen would run over objects that all live on.
    gc.disable()
    web = "TEXTUAL_DRIVER" in os.environ  # under `career serve` the pipes are the browser's
    shown = web or (sys.stdout.isatty() and sys.stdin.isatty())
    looking = None
    if args.demo:
        from careerplan.tui.demo import demo_plan

        plan = demo_plan()
    else:
        if shown and not web:
            looking = _look_first(args)
        # the dashboard never shows the event log; a big plan is read once its first frame
        # is out (store.first_look)
        plan = _open(args, create=True, read_now=looking is None)
    if not shown:
        from careerplan.tui.glance import glance

        _say(glance(plan.snapshot(events=False), plan.today(), plan.settings()))
        return 0
    from careerplan.tui.app import run_app

    first_look = looking.result() if looking is not None else None
    if first_look is None:
        plan.open()  # as ever: a file that does not read is said before any screen
    app = run_app(plan, demo=args.demo, warning=encoding_warning(os.environ), first_look=first_look)
    if app.return_code:  # Textual has shown the traceback; CareerApp kept it in a log
        from careerplan.tui import crash

        if app.crashed is not None:
            print(crash.said(app.crashed, app.crash_log), file=sys.stderr)
        return crash.CRASH_EXIT
    return 0


def _look_first(args):
    """A child process reads a big plan while Textual is imported here (store.first_look)."""
    from careerplan.store import first_look
    from careerplan.store.plan import SCHEMA_VERSION
    from careerplan.tui.paths import plan_path

    try:
        lines = os.get_terminal_size(sys.stdout.fileno()).lines
    except OSError:
        lines = 50
    path = os.path.realpath(plan_path(args.db))
    return first_look.start(path, date.today(), max(lines, 24), SCHEMA_VERSION)


def encoding_warning(environ) -> str:
    """A warning when the terminal's locale is not UTF-8 (lines and symbols would be garbled).

    Python turns a plain C locale into C.UTF-8 for itself (PEP 538) and says so in LC_CTYPE,
    so the locale the person set is read from LC_ALL, then LANG."""
    chosen = environ.get("LC_ALL") or environ.get("LANG") or ""
    coerced = environ.get("LC_CTYPE") == "C.UTF-8" and not environ.get("LC_ALL")
    if not chosen and not coerced:
        chosen = environ.get("LC_CTYPE", "")
    if "utf-8" in chosen.lower() or "utf8" in chosen.lower():
        return ""
    return (
        f"your terminal's locale is {chosen or 'not set'}, not UTF-8: borders and symbols may "
        "show wrongly. Set LANG=C.UTF-8 (or en_US.UTF-8) in your shell or SSH session."
    )


WEB_MISSING = (
    "serve needs careerplan's web extra (textual-serve), which is not installed: "
    "pipx inject careerplan textual-serve, or pip install 'careerplan[web]'"
)


def cmd_serve(args) -> int:
    try:
        from careerplan.tui import serve
    except ImportError:
        raise PlanError(WEB_MISSING) from None
    if not 0 < args.port < 65536:
        raise PlanError(f"--port {args.port} is not a TCP port")
    if not 1 <= args.max_sessions <= 16:
        raise PlanError(f"--max-sessions {args.max_sessions} is not between 1 and 16")
    token = serve.token_from_file(args.token_file) if args.token_file else serve.new_token()
    if args.host not in serve.LOOPBACK:
        print(
            f"career: warning: serving on {args.host} lets other machines reach your plan; "
            "use 127.0.0.1 (an SSH tunnel) unless you mean it",
            file=sys.stderr,
        )
    if args.demo:
        from careerplan.tui.demo import demo_plan

        path = demo_plan().path
    else:
        from careerplan.tui.paths import ensure_folder, plan_path

        path = plan_path(args.db)
        ensure_folder(path)
    server = serve.GuardedServer(
        serve.app_command(path),
        host=args.host,
        port=args.port,
        token=token,
        max_sessions=args.max_sessions,
    )

    def ready(url: str) -> None:
        sessions = "one browser session" if args.max_sessions == 1 else "browser sessions"
        print(
            f"careerplan: serving {path} to {sessions} at the URL below (it holds a secret "
            "token: keep it to yourself); Ctrl+C stops",
            file=sys.stderr,
        )
        _say(url + "\n")

    server.run(ready)
    return 0


COMMANDS = {
    "glance": cmd_glance,
    "review": cmd_review,
    "add": cmd_add,
    "list": cmd_list,
    "show": cmd_show,
    "edit": cmd_edit,
    "done": cmd_done,
    "skip": cmd_skip,
    "move": cmd_move,
    "export": cmd_export,
    "import": cmd_import,
    "brief": cmd_brief,
    "undo": cmd_undo,
    "redo": cmd_redo,
    "where": cmd_where,
    "help": cmd_help,
    "serve": cmd_serve,
    None: cmd_dashboard,
}


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    args = parse_args(argv)
    if getattr(args, "version", False):
        _say(f"careerplan {installed_version()}\n")
        return 0
    try:
        code = COMMANDS[args.command](args)
    except PlanError as error:
        from careerplan.store.text import printable

        print(f"career: {printable(str(error))}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        try:
            sys.stdout = None  # type: ignore[assignment]
        finally:
            code = 0
    except Exception as error:  # a bug: kept in a log, said in one line, never exit 0-2
        from careerplan.tui import crash
        from careerplan.tui.paths import plan_path

        try:
            where = plan_path(getattr(args, "db", None))
        except Exception:
            where = None
        print(crash.said(error, crash.record(where, error)), file=sys.stderr)
        code = crash.CRASH_EXIT
    return code


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
