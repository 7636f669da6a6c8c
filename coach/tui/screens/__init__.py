"""One module per screen. Screens only wire the pure core to widgets."""
