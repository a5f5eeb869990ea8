-- The demo shop and its bot (SPEC §9): public key pk_demo, allowed on any localhost port.
INSERT INTO organizations (id, name, slug)
VALUES ('00000000-0000-4000-8000-000000000001', 'Oak & Ember', 'oak-and-ember')
ON CONFLICT (id) DO NOTHING;

INSERT INTO bots (id, organization_id, public_key, secret, name, system_prompt, welcome_message,
                  fallback_message, starter_questions, theme, allowed_origins)
VALUES (
  '00000000-0000-4000-8000-000000000002',
  '00000000-0000-4000-8000-000000000001',
  'pk_demo',
  'sk_demo_change_me_in_production',
  'Oak & Ember Assistant',
  'You are the shopping assistant of Oak & Ember, a solid-wood furniture shop. Answer from the shop''s own information below; if it does not say, say so and offer the contact page. Be brief and friendly.',
  'Hi! I can help with our furniture, delivery and returns. What are you looking for?',
  'Sorry, I could not find that in our shop''s information. You can reach us on the contact page.',
  '["What is your return policy?", "How long does delivery take?", "Which woods do you use?"]',
  '{"color": "#7c4a1e"}',
  ARRAY['http://localhost:*', 'http://127.0.0.1:*']
)
ON CONFLICT (id) DO NOTHING;
