"""Marks merge as a state-based CRDT: stamps from a hybrid logical clock, so
that a change made after seeing another wins over it whatever the clocks
say; un-marking travels like marking; notes written apart are both kept;
tags merge one by one; files from before stamps merge at their times."""

from __future__ import annotations

import json
from functools import reduce
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.state.clock import Clock, from_time, local_machine, parts, stamp
from reader.core.state.marks import Marks
from reader.core.state.records import Record, record_from_doc
from reader.core.state.store import StateStore

T = 1_796_000_000.0
"""The last day of November 2026, when the machines' clocks start."""
PAPERS = ("2611.00001", "2611.00002", "t:a-title-id")
TAGS = ("theory", "rl", "to-cite")

State = dict[str, Record]


def merge(a: State, b: State) -> State:
    """Two machines' marks together, paper by paper."""
    found = dict(a)
    for paper, record in b.items():
        found[paper] = found[paper].merged(record) if paper in found else record
    return found


class Machine:
    """One machine's marks in memory, with its own clock (off by `offset`)."""

    def __init__(self, name: str, offset: float) -> None:
        self.time = T + offset
        self.marks = Marks(lambda: None, clock=lambda: self.time, machine=name)

    def state(self) -> State:
        return {pid: self.marks.record(pid) for pid in self.marks.ids()}

    def take(self, other: State) -> None:
        self.marks.merge_in(other, {}, {})


ops = st.one_of(
    st.tuples(st.just("read"), st.sampled_from(PAPERS), st.booleans()),
    st.tuples(st.just("starred"), st.sampled_from(PAPERS), st.booleans()),
    st.tuples(st.just("note"), st.sampled_from(PAPERS), st.sampled_from(["", "see §3", "où?"])),
    st.tuples(
        st.just("tags"), st.sampled_from(PAPERS), st.lists(st.sampled_from(TAGS), max_size=3)
    ),
    st.tuples(st.just("sync"), st.integers(0, 2), st.integers(0, 2)),
    st.tuples(st.just("zotero"), st.sampled_from(PAPERS), st.floats(1, 3600)),
)


@st.composite
def histories(draw: st.DrawFn) -> list[State]:
    """The states of three machines (clocks up to an hour apart) after a random
    history of changes and syncs between them."""
    offsets = draw(st.lists(st.floats(-3600, 3600), min_size=3, max_size=3))
    machines = [Machine(f"m{n}", offset) for n, offset in enumerate(offsets)]
    for op in draw(st.lists(ops, max_size=40)):
        for machine in machines:
            machine.time += draw(st.floats(0, 600))
        kind, first, second = op
        if kind == "sync":
            machines[int(second)].take(machines[int(first)].state())
            continue
        machine = draw(st.sampled_from(machines))
        if kind == "zotero":  # sent to Zotero: the first send is kept
            machine.marks.mark_sent([str(first)], machine.time + float(second))
        elif kind == "tags":
            machine.marks.set_tags(str(first), list(second))  # type: ignore[arg-type]
        elif kind == "note":
            machine.marks.set_note(str(first), str(second))
        else:
            machine.marks.set_field([str(first)], kind, bool(second))  # type: ignore[arg-type]
    return [machine.state() for machine in machines]


_TAGGED_APART = [
    {
        "2611.00001": Record(
            t_tags=1796000000.0,
            s_tags="1796000000000-000001-m0",
            tag_marks=(("theory", False, "1796000000000-000001-m0"),),
        )
    },
    {
        "2611.00001": Record(
            tags=("rl",),
            t_tags=1796000000.0,
            s_tags="1796000000000-000000-m1",
            tag_marks=(("rl", True, "1796000000000-000000-m1"),),
            tag_order=("rl",),
        )
    },
    {},
]
"""One machine untags a paper it never tagged, another tags it: the merge
keeps the later, empty order, which the file once read back as the tags."""


@settings(max_examples=150, deadline=None)
@given(histories())
@example(_TAGGED_APART)
def test_merging_is_commutative_associative_and_idempotent(states: list[State]) -> None:
    a, b, c = states
    assert merge(a, b) == merge(b, a)
    assert merge(merge(a, b), c) == merge(a, merge(b, c))
    assert merge(a, a) == a
    assert merge(merge(a, b), b) == merge(a, b)
    # Every order of taking in the three gives one result, which the file keeps.
    together = reduce(merge, states)
    assert reduce(merge, reversed(states)) == together
    for paper, record in together.items():
        assert record_from_doc(json.loads(json.dumps(record.to_doc(paper)))) == (paper, record)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_every_change_is_stamped_after_everything_its_machine_has_seen(
    data: st.DataObject,
) -> None:
    """Whatever the clocks (up to an hour apart, and not moving at all for a
    while), a change's stamp is later than every stamp its machine holds, its
    own and those merged from others: so it wins over all of them."""
    offsets = data.draw(st.lists(st.floats(-3600, 3600), min_size=3, max_size=3))
    machines = [Machine(f"m{n}", offset) for n, offset in enumerate(offsets)]
    for number, op in enumerate(data.draw(st.lists(ops, min_size=1, max_size=40))):
        kind, first, second = op
        if kind == "sync":
            machines[int(second)].take(machines[int(first)].state())
            continue
        if kind == "zotero":
            continue
        machine = data.draw(st.sampled_from(machines))
        machine.time += data.draw(st.sampled_from([0.0, 0.0005, 1.0, 300.0]))
        held = max((r.latest for r in machine.state().values()), default="")
        paper = str(first)
        if kind == "starred" or kind == "read":
            changed = machine.marks.apply([(paper, "read", not machine.marks.is_read(paper))])
            assert changed and machine.marks.record(paper).s_read > held
        else:
            machine.marks.set_note(paper, f"note {number}")
            assert machine.marks.record(paper).s_note > held


def test_a_change_after_seeing_another_wins_whatever_the_clocks_say() -> None:
    """A's clock is an hour ahead, B's an hour behind. A stars; the files sync;
    B unstars. Merged either way, in any order, the paper is unstarred."""
    a, b = Machine("aaaa1111", +3600), Machine("bbbb2222", -3600)
    a.marks.set_field(["2611.00001"], "starred", True)
    b.take(a.state())
    b.time += 60
    b.marks.set_field(["2611.00001"], "starred", False)
    a.time += 120
    a.marks.set_field(["2611.00002"], "read", True)  # A goes on, not yet synced
    for merged in (merge(a.state(), b.state()), merge(b.state(), a.state())):
        assert merged["2611.00001"].starred is False
        assert merged["2611.00002"].read is True
    a.take(b.state())
    b.take(a.state())
    assert a.state() == b.state()
    assert not a.marks.is_starred("2611.00001") and not b.marks.is_starred("2611.00001")
    # B's stamp is later than A's though B's clock read two hours earlier.
    assert parts(b.marks.record("2611.00001").s_starred)[0] >= T + 3600 * 1000 / 1000


def test_an_old_copy_never_brings_back_a_mark_removed() -> None:
    a = Machine("aaaa1111", 0)
    a.marks.set_field(["2611.00001"], "starred", True)
    a.marks.set_tags("2611.00001", ["theory", "rl"])
    old = a.state()
    a.time += 10
    a.marks.set_field(["2611.00001"], "starred", False)
    a.marks.set_tags("2611.00001", ["rl"])
    a.take(old)
    assert not a.marks.is_starred("2611.00001")
    assert a.marks.record("2611.00001").tags == ("rl",)


def test_notes_written_apart_are_both_kept_with_machine_and_time() -> None:
    a, b = Machine("aaaa1111", 0), Machine("bbbb2222", 30)
    a.marks.set_note("2611.00001", "first thoughts")
    b.take(a.state())
    a.time += 60
    a.marks.set_note("2611.00001", "the proof of lemma 2 is wrong")
    b.time += 60
    b.marks.set_note("2611.00001", "compare with the 2019 baseline")
    merged = merge(a.state(), b.state())["2611.00001"]
    texts = [text for _, text in merged.notes]
    assert texts == ["the proof of lemma 2 is wrong", "compare with the 2019 baseline"]
    assert "first thoughts" not in merged.note  # both replaced it
    assert "[on machine aaaa1111, " in merged.note and "[on machine bbbb2222, " in merged.note
    assert merged.note.index("lemma 2") < merged.note.index("2019 baseline")
    # Written again after seeing both: one note, as the reader left it.
    a.take(b.state())
    a.time += 600
    a.marks.set_note("2611.00001", "lemma 2 fixed; baseline compared")
    b.take(a.state())
    assert b.marks.record("2611.00001").note == "lemma 2 fixed; baseline compared"


def test_tags_merge_one_by_one() -> None:
    a, b = Machine("aaaa1111", 0), Machine("bbbb2222", 0)
    a.marks.set_tags("2611.00001", ["theory", "rl"])
    b.take(a.state())
    a.time += 10
    a.marks.set_tags("2611.00001", ["theory", "rl", "to-cite"])  # added on A
    b.time += 20
    b.marks.set_tags("2611.00001", ["rl"])  # removed on B
    merged = merge(a.state(), b.state())["2611.00001"]
    assert sorted(merged.tags) == ["rl", "to-cite"]


def test_a_file_without_stamps_merges_at_its_times(tmp_path: Path) -> None:
    """A state file of schema 2 (before stamps) reads as stamped at its `t_*`
    times: its marks win over earlier changes and lose to later ones."""
    old = {
        "id": "2611.00001",
        "read": True,
        "starred": True,
        "note": "kept from before",
        "tags": ["theory", "rl"],
        "t_read": T,
        "t_starred": T,
        "t_note": T,
        "t_tags": T,
    }
    paper, record = record_from_doc(old)
    assert record.s_starred == from_time(T) == stamp(int(T * 1000))
    assert record.notes == ((from_time(T), "kept from before"),)
    assert record.tags == ("theory", "rl")
    earlier, later = Machine("aaaa1111", -60), Machine("bbbb2222", +60)
    earlier.marks.set_field([paper], "starred", False)
    later.marks.set_field([paper], "read", True)
    later.time += 1
    later.marks.set_field([paper], "read", False)
    assert merge({paper: record}, earlier.state())[paper].starred is True
    assert merge({paper: record}, later.state())[paper].read is False
    file = tmp_path / "state.json"
    file.write_text(
        json.dumps({"meta": {"1": {"schema": 2}}, "papers": {"1": old}}), encoding="utf-8"
    )
    store = StateStore(file, clock=lambda: T + 5, machine="cccc3333")
    assert store.record(paper).note == "kept from before" and store.is_starred(paper)
    store.set_field([paper], "starred", False)
    store.close()
    saved = json.loads(file.read_text(encoding="utf-8"))
    assert saved["meta"]["1"]["schema"] == 3
    assert saved["meta"]["1"]["machines"] == {"cccc3333": {"since": "2026-11-30T00:53:25+00:00"}}
    doc = saved["papers"]["1"]
    assert doc["starred"] is False and doc["s_starred"].endswith("-cccc3333")


def test_the_clock_counts_on_when_it_has_seen_the_future() -> None:
    clock = Clock("aaaa1111", lambda: T)
    first = clock.now()
    clock.see(stamp(int(T * 1000) + 3_600_000, 7, "bbbb2222"))
    after = clock.now()
    assert after > first and parts(after) == (int(T * 1000) + 3_600_000, 8, "aaaa1111")
    assert clock.now() > after


def test_the_machine_id_is_random_kept_and_never_the_host_name(tmp_path: Path) -> None:
    import socket

    made = local_machine(tmp_path / "data")
    assert (
        made
        == local_machine(tmp_path / "data")
        == (tmp_path / "data" / "machine-id").read_text().strip()
    )
    assert made != local_machine(tmp_path / "elsewhere")
    assert socket.gethostname() not in made and len(made) == 8


@pytest.mark.parametrize(
    "bad",
    [
        {"id": "x", "s_read": "yesterday"},
        {"id": "x", "notes": [["1796000000000-000000-aa", 3]]},
        {"id": "x", "tag_marks": {"rl": ["yes", "1796000000000-000000-aa"]}},
    ],
)
def test_a_damaged_stamp_is_named(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="record 'x'"):
        record_from_doc(bad)


def test_sent_to_zotero_keeps_the_first_send_from_any_machine() -> None:
    a, b = Machine("aaaa1111", 0), Machine("bbbb2222", 0)
    a.marks.mark_sent(["2611.00001"], T + 500)
    b.marks.mark_sent(["2611.00001"], T + 100)
    b.marks.mark_sent(["2611.00001"], T + 900)  # sent again: still in Zotero since the first
    for merged in (merge(a.state(), b.state()), merge(b.state(), a.state())):
        assert merged["2611.00001"].zotero == T + 100
