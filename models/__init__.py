"""The trained models as package data: `pipeline.models` (pyproject.toml maps this folder there).

Found with `pipeline.paths.models_dir()` (importlib.resources; $VNG_MODELS overrides it); see README.md.
"""
