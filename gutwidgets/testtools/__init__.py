"""Tools that check the product: live servers and browser helpers for the tests (``testing``),
the simulated viewer and class-size load test (``viewer``, ``loadtest``) and the random-input
fuzzer (``fuzz``). Not needed to use the widgets."""
