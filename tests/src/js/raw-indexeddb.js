(async () => {
  await new Promise(r => { const d = indexedDB.deleteDatabase('bilan-bench-raw'); d.onsuccess = d.onerror = r; });
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('bilan-bench-raw', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('drafts', { keyPath: 'id' });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const draft = { id: 'bench', profile_id: 'bench', survey_id: 'auto-evaluation', survey_version: 1, answers: {}, section: 0, updated_at: 0 };
  const times = [];
  for (let i = 0; i < 1000; i++) {
    draft.answers['q' + (i % 40)] = { level: i % 5 + 1 };
    draft.updated_at = i;
    const started = performance.now();
    await new Promise((resolve, reject) => {
      const tx = db.transaction(['drafts'], 'readwrite');
      tx.objectStore('drafts').put(draft);
      tx.oncomplete = resolve;
      tx.onabort = () => reject(tx.error);
    });
    times.push(performance.now() - started);
  }
  db.close();
  return JSON.stringify(times);
})()