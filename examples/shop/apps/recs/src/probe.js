// Registers the library objects this app really imported (see @shop/probe).
import React from 'react';
import { QueryClient } from '@tanstack/react-query';
import { probeLibraries } from '@shop/probe';

probeLibraries('recs', { react: React, '@tanstack/react-query': QueryClient });
