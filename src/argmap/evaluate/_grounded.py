"""The grounded labelling in linear time, with the reasons for each label.

Queue algorithm: every argument keeps the number of its attackers that are not yet OUT.
Arguments whose count is zero are IN; everything an IN argument attacks becomes OUT,
which lowers the counts of what the OUT argument attacks; repeat until the queue is
empty. What is left unlabelled is UNDEC. Each attack is looked at a constant number of
times, so the whole run is O(|A| + |R|).

A framework that keeps its support steps (a map under a support construction, see
:class:`~argmap.evaluate.AF`) is labelled without listing the derived attacks, which
can number in the tens of millions on a map of a few thousand statements. With ``D`` the
direct attacks and ``a`` attacking ``b`` when ``a U* x D b`` or ``a D y V* b``, the two
questions the fixpoint asks become questions about chains:

- *some attacker of b is IN* when a direct attacker of ``b`` has an IN ``U``-ancestor
  (``hit``, spread forwards along ``U`` from each IN argument), or a ``V``-ancestor of
  ``b`` (``b`` included) has an IN direct attacker (``reach``, spread along ``V``);
- *every attacker of b is OUT* when every direct attacker ``x`` of ``b`` has only OUT
  ``U``-ancestors (``x`` included), and every ``V``-ancestor of ``b`` has only OUT direct
  attackers. "Every ancestor" is counted per strongly connected component of the
  support graph (a component is done when its members are, and every component with a
  step into it), so cycles of support need no special case.

Each predicate turns true at most once and each step of ``D``, ``U`` and ``V`` is looked
at a constant number of times: O(|A| + |D| + |S|).
"""

from __future__ import annotations

from ._af import AF, Support

__all__ = ["IN", "OUT", "UNDEC", "GroundedLabelling", "grounded_labelling"]

IN, OUT, UNDEC = 1, -1, 0


class GroundedLabelling:
    """The grounded labelling of an :class:`AF`.

    ``label[i]`` is ``IN``, ``OUT`` or ``UNDEC``; ``order`` lists the IN arguments in the
    order the fixpoint accepted them; ``defeater[i]`` is, for an OUT argument, the IN
    argument that defeated it (the first one the fixpoint found).
    """

    __slots__ = ("af", "defeater", "label", "order")

    def __init__(self, af: AF, label: list[int], order: list[int], defeater: list[int]) -> None:
        self.af = af
        self.label = label
        self.order = order
        self.defeater = defeater

    def extension(self) -> list[int]:
        return [i for i, lab in enumerate(self.label) if lab == IN]

    def explain(self, i: int) -> str:
        """Why argument ``i`` has its label, in one sentence."""
        af = self.af
        names = af.names
        lab = self.label[i]
        attackers = af.attackers_of(i)
        if lab == IN:
            if not attackers:
                return "accepted: nothing attacks it"
            parts = [
                f"{names[a]} (defeated by {names[self.defeater[a]]})"
                for a in attackers
                if self.defeater[a] >= 0
            ]
            return "accepted: every attacker is rejected: " + ", ".join(parts)
        if lab == OUT:
            d = self.defeater[i]
            return f"rejected: attacked by {names[d]}, which is accepted"
        undecided = [names[a] for a in attackers if self.label[a] == UNDEC]
        if i in attackers and len(undecided) == 1:
            return "undecided: it attacks itself and no accepted argument defeats it"
        return (
            "undecided: no accepted argument attacks it, but these attackers are undecided: "
            + ", ".join(undecided)
        )


def grounded_labelling(af: AF) -> GroundedLabelling:
    """The grounded labelling of ``af`` (queue-based fixpoint, linear time)."""
    if af.support is not None:
        return _grounded_bipolar(af, af.support)
    n = len(af.names)
    attacks = af.attacks
    count = [len(a) for a in af.attackers]
    label = [UNDEC] * n
    defeater = [-1] * n
    queue = [i for i in range(n) if not count[i]]
    for i in queue:
        label[i] = IN
    for i in queue:  # the queue grows while it is walked
        for j in attacks[i]:
            if label[j]:
                continue
            label[j] = OUT
            defeater[j] = i
            for k in attacks[j]:
                c = count[k] - 1
                count[k] = c
                if not c and not label[k]:
                    label[k] = IN
                    queue.append(k)
    return GroundedLabelling(af, label, queue, defeater)


def _grounded_bipolar(af: AF, sup: Support) -> GroundedLabelling:
    """The grounded labelling of ``af`` from its direct attacks and support steps, the
    derived attacks never listed (see the module docstring)."""
    n = len(af.names)
    direct, direct_in = af.direct, af.direct_in
    u_succ, v_succ = sup.u_succ, sup.v_succ
    comp, members = sup.components()
    label = [UNDEC] * n
    defeater = [-1] * n
    # hit[z]: an IN argument w with w U* z (-1: none yet); reach[y]: an IN direct attacker
    # of some p with p V* y
    hit = [-1] * n
    reach = [-1] * n
    # "every U-ancestor is OUT", per component: members not OUT + steps in not done
    q_left = [len(m) for m in members]
    # "every V-ancestor has only OUT direct attackers": members not clear + steps in
    k_left = [len(m) for m in members]
    for succ, left in ((u_succ, q_left), (v_succ, k_left)):
        for a, targets in enumerate(succ):
            ca = comp[a]
            for b in targets:
                if comp[b] != ca:
                    left[comp[b]] += 1
    # attackers of b that are not yet clear (their U-ancestors all OUT)
    in_left = [len(x) for x in direct_in]
    k_done = [False] * n  # every V-ancestor of b has only OUT direct attackers
    not_out = list(in_left)  # direct attackers of y not yet OUT
    order: list[int] = []
    # work items: (kind, index); kinds below
    HIT, REACH, OUT_, QC, KC = 0, 1, 2, 3, 4
    work: list[tuple[int, int]] = []

    def clear_v(y: int) -> None:  # every direct attacker of y is OUT
        c = comp[y]
        k_left[c] -= 1
        if not k_left[c]:
            work.append((KC, c))

    for y in range(n):
        if not not_out[y]:
            clear_v(y)

    def accept(b: int) -> None:
        label[b] = IN
        order.append(b)
        if hit[b] < 0:
            hit[b] = b
            work.append((HIT, b))
        for t in direct[b]:
            if reach[t] < 0:
                reach[t] = b
                work.append((REACH, t))

    def process() -> None:
        while work:
            kind, i = work.pop()
            if kind == HIT:  # some w U* i is IN: its U-successors too; i's targets are OUT
                w = hit[i]
                for s in u_succ[i]:
                    if hit[s] < 0:
                        hit[s] = w
                        work.append((HIT, s))
                for t in direct[i]:
                    if not label[t]:
                        label[t] = OUT
                        defeater[t] = w
                        work.append((OUT_, t))
            elif kind == REACH:  # an IN argument attacks some p V* i directly: i is OUT
                x = reach[i]
                for s in v_succ[i]:
                    if reach[s] < 0:
                        reach[s] = x
                        work.append((REACH, s))
                if not label[i]:
                    label[i] = OUT
                    defeater[i] = x
                    work.append((OUT_, i))
            elif kind == OUT_:
                c = comp[i]
                q_left[c] -= 1
                if not q_left[c]:
                    work.append((QC, c))
                for t in direct[i]:
                    not_out[t] -= 1
                    if not not_out[t]:
                        clear_v(t)
            elif kind == QC:  # every U-ancestor of each member is OUT
                for z in members[i]:
                    for t in direct[z]:
                        in_left[t] -= 1
                        if not in_left[t] and k_done[t] and not label[t]:
                            accept(t)
                    for s in u_succ[z]:
                        cs = comp[s]
                        if cs != i:
                            q_left[cs] -= 1
                            if not q_left[cs]:
                                work.append((QC, cs))
            else:  # KC: every V-ancestor of each member has only OUT direct attackers
                for z in members[i]:
                    k_done[z] = True
                    if not in_left[z] and not label[z]:
                        accept(z)
                    for s in v_succ[z]:
                        cs = comp[s]
                        if cs != i:
                            k_left[cs] -= 1
                            if not k_left[cs]:
                                work.append((KC, cs))

    process()
    return GroundedLabelling(af, label, order, defeater)
