// Public surface of this module; filled in as the module lands.
export {};
