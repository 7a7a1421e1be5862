// The citizens' page's service worker: shows each update of a followed report that the city pushes
// (W3C Push API; the server encrypts it to this browser), and opens the report when it is tapped.
/* global self */
self.addEventListener('push', (event) => {
  const message = event.data ? event.data.json() : {};
  event.waitUntil(
    self.registration.showNotification(message.title || 'Phản ánh hiện trường Hà Nội', {
      body: message.body || '',
      tag: message.reportId ? `report-${message.reportId}` : undefined,
      data: { url: message.url || '/citizen/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url));
});
