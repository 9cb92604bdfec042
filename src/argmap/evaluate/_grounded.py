"""The grounded labelling in linear time, with the reasons for each label.

Queue algorithm: every argument keeps the number of its attackers that are not yet OUT.
Arguments whose count is zero are IN; everything an IN argument attacks becomes OUT,
which lowers the counts of what the OUT argument attacks; repeat until the queue is
empty. What is left unlabelled is UNDEC. Each attack is looked at a constant number of
times, so the whole run is O(|A| + |R|).
"""

from __future__ import annotations

from ._af import AF

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
        attackers = af.attackers[i]
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
