"""Sphinx configuration for the ipometrics documentation (``make docs``; see docs/README.md)."""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from pathlib import Path
from typing import Any

from docutils import nodes  # type: ignore[import-untyped]
from numpydoc.docscrape import ClassDoc  # type: ignore[import-untyped]
from pydantic import BaseModel
from sphinx.addnodes import desc_signature, pending_xref
from sphinx.application import Sphinx
from sphinx.domains.python import PyAttribute, PythonDomain, PyVariable
from sphinx.environment import BuildEnvironment

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import ipometrics  # noqa: E402  (after the path: a build from a plain checkout works too)
from ipometrics import hk  # noqa: E402

project = "ipometrics"
author = "ipometrics developers"
project_copyright = "ipometrics developers"
release = version = ipometrics.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_nb",
]

root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints"]

# Every reference must resolve. The build runs offline, so there is no intersphinx: names from
# the standard library and from numpy, pandas and matplotlib (in signatures and docstrings)
# have no target here, and they are the only ones let through.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(decimal|datetime|fractions|os|pathlib|collections\.abc)\.\w+"),
    (r"py:.*", r"importlib\.resources\.abc\.Traversable"),
    (r"py:.*", r"(numpy|np|pandas|pd|matplotlib)\..+"),
    # the same names as a signature shows them when the module imports them for typing only
    (r"py:.*", r"(date|Path|Axes|Styler)(\.\w+)?"),
    # dataclass field annotations that autodoc splits at the comma, and a TypeVar
    (r"py:class", r"dict\[str"),
    (r"py:class", r"pydantic\..*"),
    (r"py:class", r"ipometrics\.announcements\._types\.T"),
]

# -- MyST and notebooks ----------------------------------------------------------------------
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
# Every notebook runs at build time in a fresh kernel; an error fails the build.
nb_execution_mode = "force"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

# -- API reference ---------------------------------------------------------------------------
autodoc_member_order = "bysource"
# A member without a docstring of its own is left out rather than shown with the docstring of
# the pandas or pydantic member it overrides (``MoneyArray.astype`` would get pandas' text,
# every record model pydantic's ``model_config``).
autodoc_inherit_docstrings = False
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
python_use_unqualified_type_names = True
add_module_names = False
autosummary_generate = False
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

# -- HTML ------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"ipometrics {release}"
html_theme_options: dict[str, Any] = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
}
# No section navigation where there is nothing to navigate (the top-level pages) and on the
# notebook pages, whose code and tables need the width; "Notebooks" lists them.
html_sidebars: dict[str, list[str]] = {
    page: []
    for page in ("index", "design", "validation_rules", "flat_table", "README", "notebooks/*")
}
html_show_sourcelink = False
html_copy_source = False


# -- Public names --------------------------------------------------------------------------------
def _defining_module(package: str, name: str) -> str:
    """The module under ``package`` whose ``__all__`` lists ``name`` (where it is documented)."""
    for module in sorted(m for m in sys.modules if m.startswith(f"{package}.")):
        if name in getattr(sys.modules[module], "__all__", ()):
            return module
    raise LookupError(f"{package}.{name} is not defined in any submodule")


def _aliases() -> dict[str, str]:
    """Public short name (``ipometrics.to_frame``, ``ipometrics.hk.clawback``) -> documented one.

    ``ipm.to_frame`` and ``hk.amount_payable`` are documented once, where they are defined
    (``ipometrics.frame.to_frame``, ``ipometrics.hk.fees.amount_payable``).
    """
    for module in ipometrics._NAMES.values():
        importlib.import_module(module)
    aliases = {f"ipometrics.{name}": f"{m}.{name}" for name, m in ipometrics._NAMES.items()}
    aliases |= {
        f"ipometrics.hk.{n}": f"{_defining_module('ipometrics.hk', n)}.{n}" for n in hk.__all__
    }
    return aliases


ALIASES = _aliases()


def _resolve_alias(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    """Resolve a reference to a public short name (or ``Offering.key``) where it is defined.

    An attribute listed in a class's numpydoc ``Attributes`` section (a pydantic field, a
    dataclass field) has no entry of its own: a reference to it links to its class.
    """
    if node.get("refdomain") != "py":
        return None
    target = str(node["reftarget"])
    module, cls = node.get("py:module"), node.get("py:class")
    head, _, rest = target.partition(".")
    candidates = [
        (ALIASES.get(target), ""),
        (ALIASES.get(f"{module}.{target}"), ""),
        (ALIASES.get(f"ipometrics.{target}"), ""),
        (ALIASES.get(f"ipometrics.{head}"), f".{rest}" if rest else ""),
    ]
    domain = env.get_domain("py")
    assert isinstance(domain, PythonDomain)
    for documented, member in candidates:
        if documented is None:
            continue
        resolved = domain.resolve_xref(
            env, node["refdoc"], app.builder, node["reftype"], documented + member, node, contnode
        )
        if resolved is not None:
            return resolved
    if node["reftype"] == "attr":
        owner, _, attribute = target.rpartition(".")
        owner = owner or str(cls or "")
        for name in filter(None, [owner, ALIASES.get(f"ipometrics.{owner}")]):
            found = domain.find_obj(env, str(module or ""), "", name, "class", 0)
            if len(found) == 1 and attribute in _listed_attributes(found[0][0]):
                return domain.resolve_xref(
                    env, node["refdoc"], app.builder, "class", found[0][0], node, contnode
                )
    return None


def _listed_attributes(qualified: str) -> set[str]:
    """The names a class's numpydoc ``Attributes`` section lists (``basis, note`` is two)."""
    module, _, name = qualified.rpartition(".")
    obj = getattr(sys.modules.get(module), name, None)
    if not inspect.isclass(obj):
        return set()
    section = ClassDoc(obj, config={"show_class_members": False})["Attributes"]
    return {part.strip() for item in section for part in item.name.split(",")}


_PLACEHOLDER = re.compile(r"^( *)@ALIASES ([\w.]+)@$", re.MULTILINE)


def _alias_table(app: Sphinx, docname: str, source: list[str]) -> None:
    """Fill ``@ALIASES pkg@`` in an autosummary with the package's public names."""

    def rows(match: re.Match[str]) -> str:
        indent, package = match.groups()
        names = sorted(
            (alias.rpartition(".")[2], documented)
            for alias, documented in ALIASES.items()
            if alias.rpartition(".")[0] == package
        )
        return "\n".join(f"{indent}~{documented}" for _, documented in names)

    source[0] = _PLACEHOLDER.sub(rows, source[0])


def _record_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    """No constructor signature for a record model: its fields are listed as attributes.

    pydantic's generated ``__init__`` signature spells out every field's validators.
    """
    if what == "class" and inspect.isclass(obj) and issubclass(obj, BaseModel):
        return "", None
    return None


#: A constant's value longer than this is not printed in its signature (``RULES`` would take
#: 12,000 characters): its docstring describes it.
LONGEST_VALUE = 120


class _ShortValue:
    """Drop a ``:value:`` longer than :data:`LONGEST_VALUE` from a data or attribute entry."""

    options: dict[str, Any]

    def handle_signature(self, sig: str, signode: desc_signature) -> tuple[str, str]:
        if len(self.options.get("value") or "") > LONGEST_VALUE:
            self.options.pop("value")
        return super().handle_signature(sig, signode)  # type: ignore[misc, no-any-return]


class ShortValueData(_ShortValue, PyVariable):
    """``py:data`` with a long value left out."""


class ShortValueAttribute(_ShortValue, PyAttribute):
    """``py:attribute`` with a long value left out."""


def setup(app: Sphinx) -> None:
    """Connect the hooks above."""
    app.connect("missing-reference", _resolve_alias)
    app.connect("source-read", _alias_table)
    app.connect("autodoc-process-signature", _record_signature)
    app.add_directive_to_domain("py", "data", ShortValueData, override=True)
    app.add_directive_to_domain("py", "attribute", ShortValueAttribute, override=True)
