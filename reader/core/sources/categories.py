"""arXiv's category codes, to refuse a mistyped one before asking the network.

arXiv answers an unknown category with an empty feed, which reads as "no
papers today"; naming the nearest real code saves the user that guess.
"""

from __future__ import annotations

_SUBJECTS = {
    "astro-ph": "CO EP GA HE IM SR",
    "cond-mat": "dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el supr-con",
    "cs": (
        "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA "
        "NE NI OH OS PF PL RO SC SD SE SI SY"
    ),
    "econ": "EM GN TH",
    "eess": "AS IV SP SY",
    "math": (
        "AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT OA OC PR QA RA "
        "RT SG SP ST"
    ),
    "nlin": "AO CD CG PS SI",
    "physics": (
        "acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph comp-ph data-an ed-ph "
        "flu-dyn gen-ph geo-ph hist-ph ins-det med-ph optics plasm-ph pop-ph soc-ph space-ph"
    ),
    "q-bio": "BM CB GN MN NC OT PE QM SC TO",
    "q-fin": "CP EC GN MF PM PR RM ST TR",
    "stat": "AP CO ME ML OT TH",
}
_STANDALONE = "gr-qc hep-ex hep-lat hep-ph hep-th math-ph nucl-ex nucl-th quant-ph"

ARCHIVES = frozenset([*_SUBJECTS, *_STANDALONE.split()])
"""Archives, each a category of its own too (`arxiv:cs` is all of cs)."""
CATEGORIES = frozenset(
    [*ARCHIVES, *(f"{archive}.{c}" for archive, codes in _SUBJECTS.items() for c in codes.split())]
)
_BY_FOLDED = {code.casefold(): code for code in CATEGORIES}


def canonical(code: str) -> str | None:
    """The category as arXiv spells it (`cs.lg` is `cs.LG`), or None if unknown."""
    return _BY_FOLDED.get(code.casefold())


def unknown_category(code: str) -> str:
    """Why `code` is refused, with the nearest real categories."""
    from difflib import get_close_matches  # only for a mistyped category

    near = [_BY_FOLDED[n] for n in get_close_matches(code.casefold(), list(_BY_FOLDED), 3, 0.7)]
    if near:
        names = near[0] if len(near) == 1 else ", ".join(near[:-1]) + " or " + near[-1]
        return f"arXiv has no category {code!r}; did you mean {names}?"
    archive = code.split(".", 1)[0].casefold()
    if archive in _SUBJECTS:
        codes = ", ".join(f"{archive}.{c}" for c in _SUBJECTS[archive].split())
        return f"arXiv has no category {code!r}; {archive} has {codes}"
    return (
        f"arXiv has no category {code!r}; categories look like cs.LG or math.PR, "
        f"in one of the archives {', '.join(sorted(ARCHIVES))}"
    )
