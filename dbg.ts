import { freshDb, loadCsv, csv } from './tests/sql/helpers.ts';
const db = await freshDb();
const orig = db.query.bind(db);
db.query = async (s: string, p?: readonly unknown[]) => { try { return await orig(s, p); } catch (e) { console.log('FAILED SQL:\n', s.slice(0, 6000)); throw e; } };
await loadCsv(db, 'f.csv', csv([{ snapshot_date: '2024-06-30', person_id: 'a', birth_date: '1980-01', level: '正科' }])).catch(e => console.log(String(e)));
