""" "For you": rank papers by what this reader stars, offline.

As arxiv-sanity-lite does on the web: TF-IDF features (words and word pairs
from title, abstract and keywords) and a linear classifier trained with the
starred papers as positives and every other paper as a negative (read but
unstarred ones count fully, unlabelled ones half). The corpus is vectorised
once; retraining after a star reuses the matrix, so it is quick.

scikit-learn is imported only here, and this module only from a worker, so it
never slows the app's start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .models import Paper

MIN_STARS = 3
"""Below this many starred papers there is no ranking, only digest order."""
UNLABELLED_WEIGHT = 0.5


def paper_document(paper: Paper) -> str:
    return " ".join((paper.title, paper.title, paper.abstract, " ".join(paper.keywords)))


@dataclass(frozen=True)
class Ranking:
    """Scores for papers, with the terms that weighed most for each."""

    scores: dict[str, float]
    stars: int

    def order(self, papers: Sequence[Paper]) -> list[Paper]:
        """Highest score first; ties keep digest order."""
        scores = self.scores
        return sorted(papers, key=lambda p: -scores.get(p.id, float("-inf")))


class Corpus:
    """Every paper reader knows, vectorised once."""

    def __init__(self, papers: Iterable[Paper]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        unique: dict[str, Paper] = {}
        for paper in papers:
            unique.setdefault(paper.id, paper)
        self.papers = list(unique.values())
        self.row = {paper.id: index for index, paper in enumerate(self.papers)}
        self.vectorizer = TfidfVectorizer(
            ngram_range=(1, 2),
            min_df=1 if len(self.papers) < 50 else 2,
            max_df=0.5 if len(self.papers) >= 50 else 1.0,
            sublinear_tf=True,
            stop_words="english",
            dtype=_float32(),
            max_features=500_000,
        )
        self.matrix = self.vectorizer.fit_transform(paper_document(p) for p in self.papers)
        self.terms = self.vectorizer.get_feature_names_out()
        self.model: Any = None

    def __len__(self) -> int:
        return len(self.papers)

    def train(self, starred: set[str], read: set[str]) -> int:
        """Fit the classifier; return the number of positives (0 when too few)."""
        import numpy as np
        from sklearn.svm import LinearSVC

        labels = np.zeros(len(self.papers), dtype=np.int8)
        weights = np.full(len(self.papers), UNLABELLED_WEIGHT, dtype=np.float32)
        positives = 0
        for index, paper in enumerate(self.papers):
            if paper.id in starred:
                labels[index] = 1
                weights[index] = 1.0
                positives += 1
            elif paper.id in read:
                weights[index] = 1.0
        if positives < MIN_STARS or positives == len(self.papers):
            self.model = None
            return 0 if positives < MIN_STARS else positives
        model = LinearSVC(C=0.1, class_weight="balanced", max_iter=2000, tol=1e-4)
        model.fit(self.matrix, labels, sample_weight=weights)
        self.model = model
        return positives

    def rank(self, papers: Sequence[Paper], stars: int) -> Ranking:
        """Scores for `papers` (those not in the corpus get none)."""
        if self.model is None:
            return Ranking({}, stars)
        rows = [self.row[p.id] for p in papers if p.id in self.row]
        if not rows:
            return Ranking({}, stars)
        values = self.model.decision_function(self.matrix[rows])
        ids = [self.papers[r].id for r in rows]
        return Ranking(dict(zip(ids, (float(v) for v in values), strict=True)), stars)

    def reasons(self, paper: Paper, count: int = 5) -> list[str]:
        """The terms that pushed this paper's score up the most."""
        if self.model is None or paper.id not in self.row:
            return []
        vector = self.matrix[self.row[paper.id]]
        weights = self.model.coef_[0]
        contributions = [
            (float(value * weights[column]), self.terms[column])
            for column, value in zip(vector.indices, vector.data, strict=True)
        ]
        contributions.sort(reverse=True)
        return [str(term) for score, term in contributions[:count] if score > 0]

    def similar(self, paper: Paper, count: int = 20) -> list[tuple[Paper, float]]:
        """The papers most like this one (cosine on the same features)."""
        if paper.id not in self.row:
            return []
        vector = self.matrix[self.row[paper.id]]
        similarities = (self.matrix @ vector.T).toarray().ravel()
        order = similarities.argsort()[::-1]
        found = []
        for index in order:
            if index != self.row[paper.id] and similarities[index] > 0:
                found.append((self.papers[index], float(similarities[index])))
            if len(found) == count:
                break
        return found


def _float32() -> Any:
    import numpy as np

    return np.float32
