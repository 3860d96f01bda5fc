"""The workshop window: the tabs of one workshop (details, agenda, run, boards, outcomes) and
its export menu."""
