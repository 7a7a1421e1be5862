import assert from 'node:assert/strict';
import { createECDH } from 'node:crypto';
import { it } from 'node:test';
import { encryptWithKey, newVapidPrivateKey, vapidFrom } from './push.js';

// RFC 8291 Appendix A: the example message, its keys and salt, and the bytes a browser receives.
const EXAMPLE = {
  plaintext: 'When I grow up, I want to be a watermelon',
  asPrivate: 'yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw',
  uaPublic: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  auth: 'BTBZMqHH6r4Tts7J_aSIgg',
  salt: 'DGv6ra1nlYgDCS1FRnbzlw',
  body:
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml' +
    'mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT' +
    'pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
};

it('encrypts a push message exactly as the example of RFC 8291 Appendix A', () => {
  const sender = createECDH('prime256v1');
  sender.setPrivateKey(Buffer.from(EXAMPLE.asPrivate, 'base64url'));
  const body = encryptWithKey(
    Buffer.from(EXAMPLE.plaintext),
    { p256dh: EXAMPLE.uaPublic, auth: EXAMPLE.auth },
    sender,
    Buffer.from(EXAMPLE.salt, 'base64url'),
  );
  assert.equal(body.toString('base64url'), EXAMPLE.body);
});

it('makes VAPID keys that always load: 32 bytes, also when the scalar starts with a zero byte (one in 256)', () => {
  for (let i = 0; i < 2000; i++) {
    const key = newVapidPrivateKey();
    assert.equal(Buffer.from(key, 'base64url').length, 32, key);
    assert.ok(vapidFrom(key, 'mailto:ops@example.vn').publicKey.length > 0, 'the key loads');
  }
});
