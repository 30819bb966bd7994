-- Drives Neovim's built-in LSP client against the Scale server as a user of
-- docs/editors.md would: sources the Neovim set-up given there (`setup`),
-- opens topologies, waits until each is checked (scenario budgets included),
-- records the diagnostics Neovim holds, renames a component through
-- vim.lsp.buf.rename, saves, and quits.
--
-- Written for Neovim 0.7 (Debian's): no vim.lsp.start (0.8+), and
-- vim.lsp.get_active_clients rather than vim.lsp.get_clients (0.10+).
--
-- Input: $SCALE_NVIM_TEST names a JSON file
--   { setup, files, rename = { file, line, col, newName }, output, timeoutMs }
-- Output: JSON at `output`: { diagnostics = { [file] = [...] }, afterRename = [...], error? }.

local cfg = vim.fn.json_decode(table.concat(vim.fn.readfile(vim.env.SCALE_NVIM_TEST), '\n'))

local function write_output(text)
  local f = assert(io.open(cfg.output, 'w'))
  f:write(text)
  f:close()
end

-- A hang must fail the test, not block it: each wait gives up after
-- timeoutMs, and should Neovim itself stop answering, past twice that the
-- process leaves with the stage it was in. A libuv callback may not call Vim
-- functions, hence plain io and os.exit.
local stage = 'starting'
local deadline = vim.loop.new_timer()
deadline:start(cfg.timeoutMs * 2, 0, function()
  write_output('{"error":"timed out while ' .. stage .. '"}')
  os.exit(2)
end)

-- uri -> version whose check is complete (no scenario budgets pending). A
-- global handler: the set-up under test starts the client, with no handlers.
local checked = {}
vim.lsp.handlers['scale/validated'] = function(_, params)
  if not params.budgetsPending then checked[params.uri] = params.version end
end

local function scale_client()
  for _, client in ipairs(vim.lsp.get_active_clients()) do
    if client.name == 'scale' then return client end
  end
end

-- What the client told the user (a refused rename, a server that would not
-- start): a failure says it, since a headless Neovim shows nothing.
local notes = {}
vim.notify = function(message) table.insert(notes, tostring(message)) end

local function wait_for(what, cond)
  stage = what
  if not vim.wait(cfg.timeoutMs, cond, 20) then
    error(what .. ': no answer' .. (#notes > 0 and (' (Neovim said: ' .. table.concat(notes, '; ') .. ')') or ''))
  end
end

local function diagnostics_of(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    -- lnum and col are Neovim's: 0-based, col in bytes of the line.
    table.insert(list, { code = d.code, severity = d.severity, message = d.message, lnum = d.lnum, col = d.col })
  end
  table.sort(list, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    if a.col ~= b.col then return a.col < b.col end
    return a.message < b.message
  end)
  return list
end

local function is_checked(bufnr)
  return function()
    local version = vim.lsp.util.buf_versions[bufnr]
    return version ~= nil and checked[vim.uri_from_bufnr(bufnr)] == version
  end
end

local function run()
  vim.cmd('luafile ' .. vim.fn.fnameescape(cfg.setup))
  local out = { diagnostics = {} }
  local buffers = {}
  for _, file in ipairs(cfg.files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    buffers[file] = vim.api.nvim_get_current_buf()
  end
  wait_for('starting the server', function() return scale_client() ~= nil end)
  for _, file in ipairs(cfg.files) do
    wait_for('checking ' .. file, is_checked(buffers[file]))
    out.diagnostics[file] = diagnostics_of(buffers[file])
  end

  local bufnr = buffers[cfg.rename.file]
  vim.cmd('buffer ' .. bufnr)
  vim.api.nvim_win_set_cursor(0, { cfg.rename.line, cfg.rename.col })
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  vim.lsp.buf.rename(cfg.rename.newName)
  wait_for('renaming', function() return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick end)
  vim.cmd('write')
  wait_for('checking the renamed text', is_checked(bufnr))
  out.afterRename = diagnostics_of(bufnr)
  return out
end

local ok, result = pcall(run)
if not ok then result = { error = tostring(result) } end
write_output(vim.fn.json_encode(result))
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.cmd('qall!')
