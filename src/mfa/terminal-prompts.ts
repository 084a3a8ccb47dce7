import type { MaskedPrompt } from './masked-prompt.js'

/**
 * The interactive prompts, on stderr so stdout stays clean. Loaded only when a prompt is
 * really shown, which keeps @inquirer off the start-up path.
 */
export const promptMasked: MaskedPrompt = async (message, { validate, signal }) => {
  const { password } = await import('@inquirer/prompts')
  return password({ message, mask: '*', validate }, { output: process.stderr, signal })
}

export async function promptChoice(message: string, choices: { name: string; value: string }[]): Promise<string> {
  const { select } = await import('@inquirer/prompts')
  return select({ message, choices }, { output: process.stderr })
}

export async function promptConfirm(message: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts')
  return confirm({ message, default: false }, { output: process.stderr })
}
