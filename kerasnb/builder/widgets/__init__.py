"""The builder widgets (core ipywidgets only): SequentialBuilder and FunctionalBuilder."""
