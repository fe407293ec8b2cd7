window.__pageOk = true;
