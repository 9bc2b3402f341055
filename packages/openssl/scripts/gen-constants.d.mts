export function parseConstantsOutput(text: string): {
  constants: [string, number][];
  reasons: [string, number, string][];
};
