"""A writer for the crash test: adds actions to a plan forever, printing each id once the add
has returned (so the test knows which changes were acknowledged)."""

import sys

from careerplan.store.plan import Plan

plan = Plan(sys.argv[1])
print("ready", flush=True)
n = 0
while True:
    n += 1
    record = plan.add("action", title=f"crash test {n}", column="todo")
    print(record["id"], flush=True)
