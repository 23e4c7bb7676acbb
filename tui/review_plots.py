"""Progress over time as pictures in the terminal: bars for actions done per week and open gap
size, and a strip per skill for its ratings."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

from careerplan.store import review
from careerplan.store.text import clip, printable

BLOCKS = " ▁▂▃▄▅▆▇█"


def bar_chart(values: list[int], labels: list[str], height: int = 5, style: str = "") -> Text:
    """Vertical bars, three cells wide each: the values above, the bars, the labels below."""
    top = max(values, default=0) or 1
    eighths = [round(v / top * height * 8) for v in values]
    text = Text("╷" + "".join(f"{v:^3}"[:3] if v else "   " for v in values) + "\n")
    for level in range(height, 0, -1):
        text.append("│")
        for filled in eighths:
            block = BLOCKS[max(0, min(8, filled - (level - 1) * 8))]
            text.append(" ")
            text.append(block, style=style if block != " " else "")
            text.append(" ")
        text.append("\n")
    text.append("└" + "".join(f"{label:^3}"[:3] for label in labels))
    return text


def strip(levels: list[int]) -> str:
    """A skill's ratings, oldest first, as one row of blocks (1–5 mapped to heights)."""
    return "".join(BLOCKS[min(8, max(1, round(level * 8 / 5)))] for level in levels)


class ProgressView(Static):
    """The 'Progress' tab: renders from a snapshot; no state of its own."""

    DEFAULT_CSS = """
    ProgressView { text-wrap: nowrap; text-overflow: clip; }
    """

    def show(self, snapshot: dict[str, list[dict]], today: date, weeks: int = 12) -> None:
        done = review.done_per_week(snapshot.get("action", []), today, weeks)
        sizes = review.open_gap_size_over_time(
            snapshot.get("event", []), snapshot.get("gap", []), today, weeks
        )
        labels = [start.strftime("%d") for start, _ in done]
        out = Text()
        out.append(
            f"Actions done per week, last {weeks} weeks (from the day shown)\n",
            style="bold",
        )
        out.append_text(bar_chart([n for _, n in done], labels, style="green"))
        out.append(f"\n  total {sum(n for _, n in done)}\n\n")
        out.append("Open gap size: required − current, at each week's end\n", style="bold")
        out.append_text(bar_chart([n for _, n in sizes], labels, style="yellow"))
        first, last = sizes[0][1], sizes[-1][1]
        trend = "closing" if last < first else "growing" if last > first else "unchanged"
        out.append(f"\n  {first} → {last} ({trend})\n\n")
        out.append("Skill levels over time: a block per rating, oldest first\n", style="bold")
        histories = review.skill_levels_over_time(
            snapshot.get("skill", []), snapshot.get("skill_rating", [])
        )
        names = {s["id"]: s.get("name", "") for s in snapshot.get("skill", [])}
        if not histories:
            out.append("  no skills rated yet\n")
        for skill_id, history in sorted(histories.items(), key=lambda kv: names[kv[0]].lower()):
            levels = [level for _, level in history][-24:]
            name = clip(printable(str(names[skill_id]), one_line=True), 22)
            now = f"{levels[-1]}/5" if levels else "-"
            first_level = f"{levels[0]}" if levels else ""
            out.append(f"  {name:<22} {first_level:>1} ")
            out.append(strip(levels), style="cyan")
            out.append(f" {now}\n")
        self.update(out)
