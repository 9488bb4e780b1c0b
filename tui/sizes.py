"""The terminal sizes ClaimSort adapts to: the smallest it works in, and the breakpoint
classes every screen gets. A leaf module: it imports nothing of the app or its screens."""

MIN_WIDTH = 40
MIN_HEIGHT = 12
"""The smallest terminal the whole round stays usable in (scrolling where needed)."""

# Below the minimum size the app's CSS hides a screen's body and shows its "terminal too
# small" notice (`tui.widgets.too_small`) instead.
WIDTH_BREAKPOINTS: list[tuple[int, str]] = [
    (0, "-too-narrow"),
    (MIN_WIDTH, "-narrow"),
    (70, "-wide"),
]
"""The app's `HORIZONTAL_BREAKPOINTS`: (from this width, the class every screen gets)."""
HEIGHT_BREAKPOINTS: list[tuple[int, str]] = [
    (0, "-too-short"),
    (MIN_HEIGHT, "-short"),
    (20, "-tall"),
]
"""The app's `VERTICAL_BREAKPOINTS`: (from this height, the class every screen gets)."""
