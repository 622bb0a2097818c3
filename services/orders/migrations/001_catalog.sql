-- The catalog the orders service owns. Every shard holds the same rows, so an order and the prices it
-- was computed from can be read in one local transaction; prices are in minor units (cents).
CREATE TABLE products (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  description  text NOT NULL,
  price_cents  bigint NOT NULL CHECK (price_cents > 0),
  currency     text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$')
);

INSERT INTO products (id, name, description, price_cents) VALUES
  ('telescope-80mm',    'Refractor telescope 80 mm', 'A light refractor for the Moon, planets and bright deep-sky objects.', 24900),
  ('orrery-brass',      'Brass orrery',              'A clockwork model of the solar system, hand-cranked.',                  18900),
  ('star-atlas',        'Star atlas',                'Charts of the whole sky down to magnitude 7.5.',                          3900),
  ('red-flashlight',    'Red flashlight',            'Keeps your eyes dark-adapted at the eyepiece.',                           1299),
  ('planisphere',       'Planisphere',               'A rotating star chart for latitudes 30° to 50° north.',                   1499),
  ('eyepiece-25mm',     'Eyepiece 25 mm',            'A wide-field Plössl eyepiece, 1.25 inch barrel.',                         4500),
  ('moon-filter',       'Moon filter',               'Cuts the glare of a bright Moon, 1.25 inch thread.',                       999),
  ('solar-film',        'Solar filter film',         'Safe white-light solar viewing film, A4 sheet.',                          2450)
ON CONFLICT (id) DO NOTHING;
