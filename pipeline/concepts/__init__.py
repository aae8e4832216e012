"""Named concepts of the domain: maatregelen (measures), risico's and gemeentetaken, as data-driven matchers."""
