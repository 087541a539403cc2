"""The editor's widgets: palette, network editor, neuron diagram, inspector and panels."""
