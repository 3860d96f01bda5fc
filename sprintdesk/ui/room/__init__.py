"""The room takes part: letting phones join, the join slide, the participants panel."""
