# The storefront keeps no tables of its own: it reads and writes through the other apps.
