"""The commitment tracker as served: its data read from the build, filters, CSV, the chart."""
