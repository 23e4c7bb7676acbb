"""The sample plan behind `career --demo`, the screenshots and the tests: a senior engineer two
years into the job, aiming at staff engineer in three years, with a move into management as the
other road. Every date is relative to `today`, so the demo always looks current."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

if TYPE_CHECKING:
    from careerplan.store.plan import Plan


def build_demo(plan: Plan, today: date) -> None:
    """Fill an empty plan with the sample, in one write."""

    def d(days: int) -> str:
        return (today + timedelta(days=days)).isoformat()

    def m(months: int) -> str:
        return (today + relativedelta(months=months)).isoformat()

    with plan.batch():
        plan.add(
            "position",
            title="Software Engineer",
            level="L4",
            employer="Northwind",
            since=m(-56),
            until=m(-24),
            current=False,
        )
        plan.add(
            "position",
            title="Senior Software Engineer",
            level="L5",
            employer="Northwind Payments",
            since=m(-24),
        )
        plan.add(
            "experience",
            role="Backend developer",
            org="Tailspin Travel",
            start=m(-80),
            end=m(-56),
            highlights="Built the booking API; cut p99 latency by 40%",
        )
        plan.add("experience", role="Intern", org="Contoso Labs", start=m(-90), end=m(-84))
        skills = {}
        for name, category, level, evidence in (
            ("System design", "technical", 3, "Led the ledger service design review"),
            ("Python", "technical", 5, "Owner of the payments SDK"),
            ("Distributed systems", "technical", 3, "On-call for the event bus"),
            ("Technical writing", "communication", 4, "RFCs adopted by two teams"),
            ("Public speaking", "communication", 2, "One internal talk"),
            ("Mentoring", "leadership", 3, "Two juniors onboarded"),
            ("Stakeholder management", "leadership", 2, "Quarterly planning with product"),
            ("Cloud architecture", "technical", 2, "Uses AWS, never designed on it"),
            ("SQL performance", "technical", 4, "Fixed the reconciliation job"),
        ):
            skills[name] = plan.add(
                "skill", name=name, category=category, level=level, evidence=evidence
            )["id"]
        for name, history in (
            ("System design", [(-300, 2, "self"), (-120, 3, "mentor")]),
            ("Public speaking", [(-200, 1, "self"), (-60, 2, "self")]),
            ("Mentoring", [(-250, 2, "manager"), (-90, 3, "manager")]),
        ):
            for days, level, source in history:
                plan.add(
                    "skill_rating", skill=skills[name], date=d(days), level=level, source=source
                )
        for kind, text in (
            ("strength", "Turning vague problems into clear designs"),
            ("excel_at", "Debugging production incidents calmly"),
            ("love_doing", "Pairing with people who are learning"),
            ("love_doing", "Writing the RFC nobody else wants to write"),
            ("motivator", "Seeing a system I designed carry real load"),
            ("struggle", "Saying no to stakeholders"),
            ("struggle", "Speaking to large audiences"),
        ):
            plan.add("reflection", kind=kind, text=text)
        plan.add(
            "vision",
            target_title="Staff Engineer",
            dream_job="Set the technical direction for a payments platform, "
            "mentor senior engineers and be the person teams call for hard designs.",
        )
        staff = plan.add(
            "goal",
            title="Promotion to Staff Engineer",
            horizon="3y",
            term="long",
            path="grow_in_role",
            specific="Staff promotion packet accepted by the calibration committee",
            measure="packet criteria met",
            baseline=0,
            target=6,
            current=2,
            achievable="Manager supports it; two cross-team projects available",
            realistic="The next step on my track; the org needs more staff engineers",
            deadline=m(34),
            confidence=7,
        )["id"]
        design = plan.add(
            "goal",
            title="Lead the ledger redesign end to end",
            horizon="1y",
            path="grow_in_role",
            specific="Own design, rollout and migration",
            measure="milestones shipped",
            baseline=0,
            target=4,
            current=1,
            achievable="Project approved for next two quarters",
            realistic="It is the project I already lead; it shows staff-level scope",
            deadline=m(9),
            confidence=8,
        )["id"]
        talk = plan.add(
            "goal",
            title="Give a talk at an external conference",
            horizon="1y",
            measure="talks given",
            target=1,
            current=0,
            deadline=m(8),
        )["id"]
        aws = plan.add(
            "goal",
            title="AWS Solutions Architect certification",
            horizon="1y",
            specific="Pass SAA-C03",
            measure="exam passed",
            baseline=0,
            target=1,
            current=0,
            achievable="Company pays the exam",
            realistic="Our platform moves to AWS next year",
            confidence=6,
            deadline=d(-5),
        )["id"]
        plan.add(
            "goal",
            title="Engineering manager (transition option)",
            horizon="5y",
            term="long",
            path="career_transition",
            status="draft",
            specific="Manage a team of 5–8 engineers",
        )
        plan.add(
            "goal",
            title="Principal engineer or CTO of a small company",
            horizon="10y",
            term="long",
            path="career_transition",
            status="draft",
        )
        gaps = {}
        started = []
        real_clock = plan._clock
        plan._clock = lambda: datetime.combine(today - timedelta(days=80), time(9))
        for name, goal, requirement, required, current, closes_by, priority in (
            ("System design at org scale", staff, "skill", 4, 3, "mentor", 5),
            ("Cross-team influence", staff, "experience", 4, 2, "project", 4),
            ("AWS certification", aws, "certification", 1, 0, "certification", 3),
            ("Public speaking", talk, "skill", 3, 2, "training", 3),
            ("Network beyond the company", staff, "network", 3, 1, "networking", 2),
            ("Distributed systems depth", design, "skill", 4, 3, "training", 4),
        ):
            gaps[name] = plan.add(
                "gap",
                name=name,
                goal=goal,
                requirement=requirement,
                required_level=required,
                current_level=max(0, current - 1),
                closes_by=closes_by,
                priority=priority,
            )["id"]
            started.append((gaps[name], current))
        # the history the progress plots draw: levels rose over the last weeks
        for offset, (gap_id, current) in enumerate(started):
            when = today - timedelta(days=60 - offset * 9)
            plan._clock = partial(datetime.combine, when, time(9))
            plan.update(gap_id, current_level=current)
        plan._clock = real_clock
        cards = (
            (
                "Read Designing Data-Intensive Applications",
                "reading",
                "doing",
                d(12),
                gaps["Distributed systems depth"],
                design,
                45,
                "chapters",
                "12",
            ),
            (
                "Weekly 1:1 with Priya (staff mentor)",
                "mentor",
                "doing",
                d(3),
                gaps["System design at org scale"],
                staff,
                0,
                "sessions",
                "12",
            ),
            (
                "Write the ledger redesign RFC",
                "project",
                "doing",
                d(-3),
                gaps["Cross-team influence"],
                design,
                0,
                "RFC approved",
                "1",
            ),
            (
                "Book the AWS exam",
                "course",
                "todo",
                d(-12),
                gaps["AWS certification"],
                aws,
                150,
                "exam booked",
                "1",
            ),
            (
                "AWS Solutions Architect course",
                "course",
                "todo",
                d(20),
                gaps["AWS certification"],
                aws,
                300,
                "modules",
                "20",
            ),
            (
                "Submit a talk to PyCon",
                "conference",
                "todo",
                d(9),
                gaps["Public speaking"],
                talk,
                0,
                "CFP submitted",
                "1",
            ),
            (
                "Toastmasters: three speeches",
                "training",
                "todo",
                d(45),
                gaps["Public speaking"],
                talk,
                120,
                "speeches",
                "3",
            ),
            (
                "Join the architecture guild",
                "project",
                "todo",
                d(30),
                gaps["Cross-team influence"],
                staff,
                0,
                "meetings",
                "4",
            ),
            (
                "Attend QCon London",
                "conference",
                "backlog",
                m(5),
                gaps["Network beyond the company"],
                staff,
                1400,
                "people met",
                "10",
            ),
            (
                "Coffee with three staff engineers elsewhere",
                "expert",
                "backlog",
                m(2),
                gaps["Network beyond the company"],
                staff,
                30,
                "chats",
                "3",
            ),
            (
                "Distributed systems course (MIT 6.824 videos)",
                "course",
                "backlog",
                m(4),
                gaps["Distributed systems depth"],
                design,
                0,
                "lectures",
                "20",
            ),
            (
                "Shadow the incident commander rotation",
                "project",
                "backlog",
                None,
                None,
                staff,
                0,
                None,
                None,
            ),
            (
                "Write a blog post on the ledger migration",
                "project",
                "backlog",
                m(6),
                None,
                talk,
                0,
                "post published",
                "1",
            ),
            (
                "Ask manager for the staff promotion criteria",
                "mentor",
                "done",
                d(-40),
                None,
                staff,
                0,
                "criteria doc",
                "1",
            ),
            (
                "Finish the system design interview course",
                "course",
                "done",
                d(-20),
                gaps["System design at org scale"],
                staff,
                200,
                "modules",
                "10",
            ),
            (
                "Internal talk: how our ledger works",
                "training",
                "done",
                d(-30),
                gaps["Public speaking"],
                talk,
                0,
                "talk given",
                "1",
            ),
            (
                "Pair on the event bus outage postmortem",
                "project",
                "done",
                d(-14),
                gaps["Distributed systems depth"],
                design,
                0,
                None,
                None,
            ),
            (
                "Read Staff Engineer by Will Larson",
                "reading",
                "done",
                d(-60),
                None,
                staff,
                35,
                "book read",
                "1",
            ),
            (
                "Set up a learning budget with manager",
                "mentor",
                "done",
                d(-75),
                None,
                None,
                0,
                None,
                None,
            ),
            (
                "Mock design review with Priya",
                "mentor",
                "todo",
                d(6),
                gaps["System design at org scale"],
                staff,
                0,
                "reviews",
                "2",
            ),
            (
                "Migrate the reconciliation job to the new ledger",
                "project",
                "backlog",
                m(7),
                None,
                design,
                0,
                None,
                None,
            ),
            (
                "Pick an open-source payments project to contribute to",
                "project",
                "backlog",
                None,
                None,
                None,
                0,
                None,
                None,
            ),
        )
        for title, kind, column, deadline, gap, goal, cost, measure, target in cards:
            fields = {"title": title, "kind": kind, "column": column, "cost": cost}
            for key, value in (
                ("deadline", deadline),
                ("gap", gap),
                ("goal", goal),
                ("measure", measure),
                ("target", target),
            ):
                if value is not None:
                    fields[key] = value
            plan.add("action", **fields)
        _age_cards(plan, today)
        plan.add("budget", year=today.year, amount=2500, currency="EUR")
        priya = plan.add(
            "person",
            name="Priya Raman",
            role="mentor",
            cadence="weekly",
            rhythm="weekly",  # counted from the last 1:1
            reach="priya.raman@northwind.example",
            helps_with="system design, the case for staff",
            notes="Staff engineer in the platform org",
        )
        plan.add(
            "session",
            date=d(-14),
            person=priya["id"],
            notes="Went through the ledger RFC outline",
            agreed="Share the RFC draft with two staff engineers",
        )
        latest = plan.add(
            "session",
            date=d(-7),
            person=priya["id"],
            notes="Design reviews: I explain the what, not the why",
            agreed="Mock design review with Priya\nSubmit a talk to PyCon",
        )
        for action in plan.records("action"):
            if action["title"] == "Mock design review with Priya":
                plan.update(action["id"], session=latest["id"])
            if action["title"].startswith("Weekly 1:1 with Priya"):
                plan.update(action["id"], recur="weekly")
        plan.add("person", name="Tom Becker", role="manager", cadence="biweekly")
        plan.add(
            "person", name="Ana Silva", role="connection", notes="Met at the internal tech summit"
        )
        plan.add(
            "milestone",
            title="Promoted to Senior Software Engineer",
            kind="promotion",
            date=m(-24),
            celebrated=True,
        )
        plan.add(
            "milestone",
            title="Excellent mid-year review",
            kind="excellent_review",
            date=d(-21),
            celebrated=False,
            goal=staff,
        )
        plan.add(
            "milestone",
            title="New connection: Ana, staff engineer at Fabrikam",
            kind="new_connection",
            date=d(-9),
            celebrated=True,
        )
        plan.add("win", text="My RFC template was adopted by the platform org", date=d(-33))
        plan.add("win", text="Led the incident review for the event bus outage", date=d(-14))
        plan.add(
            "review",
            date=d(-16),
            with_whom="Priya Raman (mentor)",
            summary="Design skills moving; speaking still stuck",
            changed="Added the PyCon talk goal",
            flags=["2 overdue", "1 stale cards"],
            next_date=d(-2),
        )
        plan.add(
            "settings",
            review_cadence="biweekly",
            review_weekday=4,
            due_soon_days=14,
            onboarding="done",
        )


def _age_cards(plan: Plan, today: date) -> None:
    """Cards done long ago carry their real dates, so the progress plots have a history."""
    for action in plan.records("action"):
        deadline = action.get("deadline")
        if action["column"] == "done" and deadline:
            plan.storage.put(
                "action", action["id"], {**action, "done_at": deadline, "moved_at": deadline}
            )
        elif action["title"].startswith("Join the architecture guild"):
            old = (today - timedelta(days=40)).isoformat()
            plan.storage.put("action", action["id"], {**action, "moved_at": old})


def build_big(plan: Plan, today: date, actions: int = 10_000, records: int = 20_000) -> None:
    """A plan of `records` records, `actions` of them cards, for benchmarks."""
    columns = ("backlog", "todo", "doing", "done")
    with plan.batch():
        goals = [
            plan.add(
                "goal",
                title=f"Goal {n}",
                horizon=("1y", "3y", "5y", "10y")[n % 4],
                deadline=(today + timedelta(days=30 * (n % 40) - 200)).isoformat(),
            )["id"]
            for n in range(200)
        ]
        gaps = [
            plan.add(
                "gap",
                name=f"Gap {n}",
                goal=goals[n % len(goals)],
                required_level=4,
                current_level=n % 4,
            )["id"]
            for n in range(200)
        ]
        for n in range(actions):
            plan.add(
                "action",
                title=f"Action {n}: practise something specific",
                column=columns[n % 4],
                goal=goals[n % len(goals)],
                gap=gaps[n % len(gaps)],
                deadline=(today + timedelta(days=(n % 300) - 100)).isoformat(),
                cost=n % 50,
            )
        made = 400 + actions * 2  # each add also logs one event
        for n in range(max(0, (records - made) // 2)):
            plan.add("skill", name=f"Skill {n}", level=1 + n % 5)
