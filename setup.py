"""Only the package list, which pyproject.toml cannot say: every folder under pipeline/ (data folders
such as entities/lexicons are packages of data), plus the top-level models/ folder installed as the
package `pipeline.models` (see pipeline/paths.py)."""
from setuptools import find_namespace_packages, setup

packages = find_namespace_packages(include=["pipeline", "pipeline.*"], exclude=["*.__pycache__"])
setup(packages=[*packages, "pipeline.models"], package_dir={"pipeline.models": "models"})
