// Must NOT compile (types.spec.ts): `pauseOnOpn` is not an option.
import { attach } from '@shoppable/video';

await attach(document.body, { manifest: '/manifests/hero.json', pauseOnOpn: false });
