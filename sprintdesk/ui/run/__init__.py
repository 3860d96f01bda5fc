"""Run mode: the run panel and its controller, the countdown, the presenter view on the shared
screen, the chime and the shortcuts panel."""
