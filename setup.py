"""The repository keeps its two packages at the top (store/ and tui/); they install beneath
one name, careerplan, as careerplan.store and careerplan.tui. Everything else is in
pyproject.toml."""

from setuptools import find_packages, setup

FOUND = find_packages(include=["store", "store.*", "tui", "tui.*"])

setup(
    packages=[f"careerplan.{name}" for name in FOUND],
    package_dir={"careerplan": "."},
)
